package de.wegweiser.domain;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

/**
 * One piece of content in the catalog. Immutable; the rules read it, never change it.
 *
 * @param format          format id from the taxonomy, e.g. {@code case-study}
 * @param language        language id, {@code de} or {@code en}
 * @param phases          journey phases the content serves (at least one)
 * @param expires         first day the item must no longer be recommended, or null
 * @param eventDate       date of a webinar or event, or null
 * @param durationMinutes length of a video, webinar or event, or null
 */
public record ContentItem(
        String id,
        String title,
        String summary,
        String url,
        String format,
        String language,
        Set<JourneyPhase> phases,
        Set<String> roles,
        Set<String> concerns,
        Set<String> topics,
        LocalDate published,
        LocalDate expires,
        LocalDate eventDate,
        boolean gated,
        Integer durationMinutes) {

    public ContentItem {
        phases = Set.copyOf(phases.isEmpty() ? EnumSet.noneOf(JourneyPhase.class) : EnumSet.copyOf(phases));
        roles = Set.copyOf(roles);
        concerns = Set.copyOf(concerns);
        topics = Set.copyOf(topics);
    }

    /** Serves only the customer's journey (conversion, loyalty, advocacy), e.g. an onboarding guide. */
    public boolean isCustomerOnly() {
        // loops, not streams: rules call these for every item of every request
        if (phases.isEmpty()) return false;
        for (JourneyPhase p : phases) if (!p.isCustomerJourney()) return false;
        return true;
    }

    /** Serves only top-of-funnel phases (non-awareness to favorability). */
    public boolean isTopOfFunnelOnly() {
        if (phases.isEmpty()) return false;
        for (JourneyPhase p : phases) if (!p.isTopOfFunnel()) return false;
        return true;
    }

    /** Serves at least one phase of the customer's journey. */
    public boolean isForCustomers() {
        for (JourneyPhase p : phases) if (p.isCustomerJourney()) return true;
        return false;
    }

    /** Every phase the item serves lies before the given one. */
    public boolean isOnlyBefore(JourneyPhase phase) {
        if (phases.isEmpty()) return false;
        for (JourneyPhase p : phases) if (!p.isBefore(phase)) return false;
        return true;
    }

    public boolean isExpiredOn(LocalDate day) { return expires != null && !day.isBefore(expires); }

    public boolean isPastEventOn(LocalDate day) { return eventDate != null && eventDate.isBefore(day); }

    public boolean isUpcomingWithin(LocalDate day, int days) {
        if (eventDate == null) return false;
        long ahead = eventDate.toEpochDay() - day.toEpochDay(); // no LocalDate allocated per item
        return ahead >= 0 && ahead <= days;
    }

    public boolean isPublishedWithin(LocalDate day, int days) {
        if (published == null) return false;
        long age = day.toEpochDay() - published.toEpochDay();
        return age >= 0 && age < days;
    }
}
