package de.wegweiser.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a contact did (or what we showed them), as the CMS reports it. Over HTTP write the
 * kebab-case id ({@code content-view}); in journey rules write {@code EventType.CONTENT_VIEW}.
 */
public enum EventType {
    PAGE_VIEW(false),
    CONTENT_VIEW(true),
    DOWNLOAD(true),
    FORM_SUBMIT(false),
    NEWSLETTER_SIGNUP(false),
    NEWSLETTER_OPEN(false),
    NEWSLETTER_CLICK(false),
    WEBINAR_REGISTRATION(false),
    WEBINAR_ATTENDANCE(false),
    /** A visit at a trade fair or another physical event. */
    EVENT_VISIT(false),
    DEMO_REQUEST(false),
    PRICING_VIEW(false),
    SALES_CONTACT(false),
    PURCHASE(false),
    ONBOARDING_COMPLETE(false),
    SUPPORT_TICKET(false),
    RENEWAL(false),
    REVIEW(false),
    REFERRAL(false),
    /** We showed a recommended item; the contact did nothing yet. */
    RECOMMENDATION_IMPRESSION(true),
    RECOMMENDATION_CLICK(true);

    private final boolean needsItem;

    EventType(boolean needsItem) {
        this.needsItem = needsItem;
    }

    public String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    /** Only meaningful with the catalog item it concerns, e.g. a download. */
    public boolean needsItem() { return needsItem; }

    /**
     * Something the contact did. An impression is something we did: it neither counts as activity
     * of the buying center nor as engagement in a phase.
     */
    public boolean isEngagement() { return this != RECOMMENDATION_IMPRESSION; }

    public static Optional<EventType> parse(String text) {
        if (text == null) return Optional.empty();
        String key = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(t -> t.id().equals(key)).findFirst();
    }

    public static List<String> ids() { return Arrays.stream(values()).map(EventType::id).toList(); }
}
