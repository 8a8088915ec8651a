package de.wegweiser.contacts;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.BuyingCenter;
import de.wegweiser.domain.ConsumedItem;
import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.ContactState;
import de.wegweiser.domain.Event;
import de.wegweiser.domain.EventCount;
import de.wegweiser.domain.EventType;
import de.wegweiser.domain.Exposure;
import de.wegweiser.domain.JourneyChange;
import de.wegweiser.domain.JourneyChange.Kind;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LeadScore;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.PausedItem;
import de.wegweiser.domain.PhaseActivity;
import de.wegweiser.rules.JourneyEffect;
import de.wegweiser.rules.JourneyRuleBook;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.ExposureRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a contact's new events, one after the other in arrival order, to the contact's journey
 * state, inside the transaction that stores them. The state is never recomputed from scratch: each
 * event changes the state left by the previous one.
 *
 * <p>For one event the journey rules run in rounds, each in a fresh session over immutable facts.
 * After a round its effects are applied; if they changed anything (a phase moved, points were added,
 * ...) the rules run again on the new state, so "score reached the threshold" sees the points the
 * event just earned. Effects are idempotent per event: a rule adds its points once, an item is
 * consumed or paused once, a move to the current phase changes nothing. So the rounds end as soon
 * as the state settles; rules that undo each other end in a {@link JourneyLoopException}.
 *
 * <p>Needs no database: what it reads besides the state comes from a {@link History}, and what it
 * changed is written by {@link #flush}. The server ({@link ContactService}) and the scenarios
 * (a contact's {@code events:}) both infer with this one class.
 */
public final class JourneyInference {

    /** What the inference reads about the contact besides its state: the stored past. */
    public interface History {
        Map<EventType, Long> eventCounts();

        Set<String> consumed();

        Optional<ExposureRow> exposure(String itemId);

        /** Other contacts of the account whose last engagement is not before the time. */
        int activeColleagues(String account, Instant since);

        /** A contact with no past and no active colleagues, e.g. a scenario's contact. */
        static History none(Set<String> consumed) {
            Set<String> copy = Set.copyOf(consumed);
            return new History() {
                public Map<EventType, Long> eventCounts() { return Map.of(); }
                public Set<String> consumed() { return copy; }
                public Optional<ExposureRow> exposure(String itemId) { return Optional.empty(); }
                public int activeColleagues(String account, Instant since) { return 0; }
            };
        }

        /** The contact's past as stored, read inside the transaction; the counts come with the contact's row. */
        static History stored(ContactStore.Tx tx, String contactId, Map<EventType, Long> eventCounts) {
            Map<EventType, Long> counts = Map.copyOf(eventCounts);
            return new History() {
                public Map<EventType, Long> eventCounts() { return counts; }
                public Set<String> consumed() {
                    Set<String> ids = new LinkedHashSet<>();
                    tx.consumed(contactId).forEach(item -> ids.add(item.itemId()));
                    return ids;
                }
                public Optional<ExposureRow> exposure(String itemId) { return tx.exposure(contactId, itemId); }
                public int activeColleagues(String account, Instant since) { return tx.activeColleagues(account, contactId, since); }
            };
        }
    }

    /** Real rule sets settle in two or three rounds; more means two rules fight. */
    static final int MAX_ROUNDS = 10;

    private final JourneyRuleBook rules;
    private final Catalog catalog;
    private final History history;
    private final ContactProfile profile;
    private final Duration halfLife;

    private JourneyPhase phase;
    private LifecycleStatus lifecycle;
    private double score;
    private Instant scoreAsOf;
    private long events;
    private long phaseEngagements;
    private Instant lastEngagementAt;

    private Set<String> consumed;
    private Map<EventType, Long> counts;
    private final Map<String, ExposureRow> exposures = new HashMap<>();
    private final Set<String> changedExposures = new LinkedHashSet<>();
    private final List<ConsumedItem> newlyConsumed = new ArrayList<>();
    private final List<JourneyChange> changes = new ArrayList<>();

    public JourneyInference(JourneyRuleBook rules, Catalog catalog, ContactProfile profile, ContactState s, History history) {
        this.rules = rules;
        this.catalog = catalog;
        this.history = history;
        this.profile = profile;
        this.halfLife = rules.settings().scoreHalfLife();
        this.phase = s.phase();
        this.lifecycle = s.lifecycle();
        this.score = s.score();
        this.scoreAsOf = s.scoreAsOf();
        this.events = s.events();
        this.phaseEngagements = s.phaseEngagements();
        this.lastEngagementAt = s.lastEngagementAt();
    }

    /**
     * Takes the event as the contact's next one (its sequence number is then {@code state().events()})
     * and lets the journey rules judge it. Storing the event is the caller's job.
     */
    public void apply(Event event) {
        loadOnce();
        events++;
        counts.merge(event.type(), 1L, Long::sum);
        if (event.type().isEngagement()) {
            phaseEngagements++;
            if (lastEngagementAt == null || event.at().isAfter(lastEngagementAt)) lastEngagementAt = event.at();
        }
        if (event.itemId() != null) countExposure(event);
        BuyingCenter buyingCenter = buyingCenter(event.at());

        Set<String> scoredBy = new HashSet<>();
        Set<String> pausedNow = new HashSet<>();
        for (int round = 1; ; round++) {
            List<JourneyEffect> effects = rules.evaluate(facts(event, buyingCenter));
            Set<String> changedBy = apply(effects, event, scoredBy, pausedNow);
            if (changedBy.isEmpty()) return;
            if (round == MAX_ROUNDS) throw new JourneyLoopException(event.id(), round, changedBy);
        }
    }

    public ContactState state() {
        return new ContactState(phase, lifecycle, score, scoreAsOf, events, phaseEngagements, lastEngagementAt);
    }

    /** Everything that changed, in order: phases, statuses, points and pauses. */
    public List<JourneyChange> changes() { return List.copyOf(changes); }

    /** The ids of the items the contact consumed, before and through the events applied. */
    public Set<String> consumed() {
        loadOnce();
        return Set.copyOf(consumed);
    }

    /** The counts of the contact's events by type, the events applied included. */
    public Map<EventType, Long> eventCounts() {
        loadOnce();
        return Map.copyOf(counts);
    }

    /**
     * Writes what changed besides the contact's row (with its {@link #eventCounts}) and the events;
     * the caller updates the row and commits.
     */
    void flush(ContactStore.Tx tx) {
        for (ConsumedItem item : newlyConsumed) tx.insertConsumed(profile.id(), item);
        for (String itemId : changedExposures) tx.saveExposure(profile.id(), exposures.get(itemId));
        for (JourneyChange change : changes) tx.insertChange(profile.id(), change);
    }

    private void loadOnce() {
        if (counts != null) return;
        counts = new EnumMap<>(EventType.class);
        counts.putAll(history.eventCounts());
        consumed = new LinkedHashSet<>(history.consumed());
    }

    /** Impressions without a reaction pile up; any reaction to the item (a click, a view, ...) clears them. */
    private void countExposure(Event event) {
        ExposureRow row = exposure(event.itemId());
        int impressions = event.type() == EventType.RECOMMENDATION_IMPRESSION ? row.impressionsWithoutClick() + 1 : 0;
        if (impressions != row.impressionsWithoutClick()) {
            exposures.put(row.itemId(), new ExposureRow(row.itemId(), impressions, row.pause()));
            changedExposures.add(row.itemId());
        }
    }

    private ExposureRow exposure(String itemId) {
        return exposures.computeIfAbsent(itemId, id -> history.exposure(id).orElse(new ExposureRow(id, 0, null)));
    }

    /** The contact's colleagues active within the window, plus the contact if it is active itself. */
    private BuyingCenter buyingCenter(Instant at) {
        Duration window = rules.settings().buyingCenterWindow();
        if (profile.account() == null || window.isZero()) return null;
        Instant since = at.minus(window);
        int self = lastEngagementAt != null && !lastEngagementAt.isBefore(since) ? 1 : 0;
        return new BuyingCenter(profile.account(), history.activeColleagues(profile.account(), since) + self);
    }

    private List<Object> facts(Event event, BuyingCenter buyingCenter) {
        ContactState state = state();
        List<Object> facts = new ArrayList<>();
        facts.add(profile.toContact(state, consumed));
        facts.add(new LeadScore(state.scoreAt(event.at(), halfLife)));
        counts.forEach((type, times) -> facts.add(new EventCount(type, times)));
        facts.add(event);
        if (event.itemId() != null) {
            catalog.item(event.itemId()).ifPresent(facts::add);
            ExposureRow row = exposure(event.itemId());
            facts.add(new Exposure(row.itemId(), row.impressionsWithoutClick(), row.pause() == null ? null : row.pause().until()));
        }
        if (buyingCenter != null) facts.add(buyingCenter);
        facts.add(new PhaseActivity(phase, phaseEngagements));
        return facts;
    }

    /** Applies one round's effects; returns the rules whose effects changed something. */
    private Set<String> apply(List<JourneyEffect> effects, Event event, Set<String> scoredBy, Set<String> pausedNow) {
        Set<String> changedBy = new LinkedHashSet<>();
        JourneyEffect.PhaseMove move = null;
        JourneyEffect.StatusChange status = null;
        for (JourneyEffect effect : effects) {
            if (effect instanceof JourneyEffect.Points p) {
                if (p.points() != 0 && scoredBy.add(p.rule())) {
                    addPoints(p.points(), event.at());
                    changes.add(new JourneyChange(event.at(), Kind.SCORE, null, null, p.points(), p.rule(), p.reasonEn(), p.reasonDe(), event.id()));
                    changedBy.add(p.rule());
                }
            } else if (effect instanceof JourneyEffect.Consumption c) {
                if (consumed.add(c.itemId())) {
                    newlyConsumed.add(new ConsumedItem(c.itemId(), event.at(), event.id()));
                    changedBy.add(c.rule());
                }
            } else if (effect instanceof JourneyEffect.Pause p) {
                if (pausedNow.add(p.itemId())) {
                    PausedItem pause = new PausedItem(p.itemId(), event.at().plus(Duration.ofDays(p.days())), p.rule(), p.reasonEn(), p.reasonDe());
                    exposures.put(p.itemId(), new ExposureRow(p.itemId(), 0, pause)); // a pause starts the count afresh
                    changedExposures.add(p.itemId());
                    changes.add(new JourneyChange(event.at(), Kind.PAUSE, null, p.itemId(), 0, p.rule(), p.reasonEn(), p.reasonDe(), event.id()));
                    changedBy.add(p.rule());
                }
            } else if (effect instanceof JourneyEffect.PhaseMove m) {
                // several moves for one event: the strongest signal wins, the first rule on a tie
                if (move == null || m.phase().ordinal() > move.phase().ordinal()) move = m;
            } else if (effect instanceof JourneyEffect.StatusChange c) {
                if (status == null || c.status().ordinal() > status.status().ordinal()) status = c;
            }
        }
        if (move != null && move.phase() != phase) {
            changes.add(new JourneyChange(event.at(), Kind.PHASE, phase.id(), move.phase().id(), 0, move.rule(), move.reasonEn(), move.reasonDe(), event.id()));
            phase = move.phase();
            phaseEngagements = 0;
            changedBy.add(move.rule());
        }
        if (status != null && status.status() != lifecycle) {
            changes.add(new JourneyChange(event.at(), Kind.STATUS, lifecycle == null ? null : lifecycle.id(), status.status().id(), 0,
                    status.rule(), status.reasonEn(), status.reasonDe(), event.id()));
            lifecycle = status.status();
            changedBy.add(status.rule());
        }
        return changedBy;
    }

    /**
     * Points decay from the time they were earned: the score is the sum of all points, each halved
     * per half-life since its event. Kept as a value at the latest event time, so events arriving
     * out of order give the same score as in order.
     */
    private void addPoints(double points, Instant at) {
        if (scoreAsOf == null) {
            score = points;
            scoreAsOf = at;
        } else if (!at.isBefore(scoreAsOf)) {
            score = score * ContactState.decay(Duration.between(scoreAsOf, at), halfLife) + points;
            scoreAsOf = at;
        } else {
            score += points * ContactState.decay(Duration.between(at, scoreAsOf), halfLife);
        }
    }
}
