package de.wegweiser.contacts;

import de.wegweiser.accounts.AccountAssessment;
import de.wegweiser.accounts.AccountService;
import de.wegweiser.domain.Account;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.ContactState;
import de.wegweiser.domain.Event;
import de.wegweiser.domain.JourneyChange;
import de.wegweiser.domain.JourneyChange.Kind;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.PausedItem;
import de.wegweiser.domain.Reason;
import de.wegweiser.domain.TrackedContact;
import de.wegweiser.insights.InsightRecorder;
import de.wegweiser.recommend.RecommendationResult;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.storage.ContactStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers contacts, stores their events and keeps their journey state, and answers "what next?"
 * for a stored contact. Knows nothing about HTTP. Every write is one transaction that holds the
 * contact's row lock, so requests for one contact are applied one after the other, on any number
 * of service instances; a request returns only after its transaction committed.
 */
public final class ContactService {

    /** Most events one request may carry. */
    public static final int MAX_BATCH = 500;
    /** Clocks differ: an event may lie this far in the future of the server's clock. */
    public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    /**
     * No event lies before this: scores decay from event times, and a time like year
     * -999999999 overflowed the decay (500) while one in year 1 moved contacts as if it were real.
     */
    public static final Instant EARLIEST_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z");
    /** How many of the latest score changes a contact shows. */
    static final int RECENT_SCORE_CHANGES = 10;
    /** The rule name of changes the CMS made explicitly. */
    public static final String SET_BY_CMS = "Set by the CMS";

    private static final Set<Kind> HISTORY = EnumSet.of(Kind.PHASE, Kind.STATUS, Kind.PAUSE);

    private final ContactStore store;
    private final RecommendationService recommendations;
    private final Clock clock;
    private final InsightRecorder insights;
    private final java.util.function.IntConsumer eventsStored;

    /** @param insights keeps the insight aggregates in step with every write */
    public ContactService(ContactStore store, RecommendationService recommendations, Clock clock, InsightRecorder insights) {
        this(store, recommendations, clock, insights, count -> {});
    }

    /**
     * @param insights     keeps the insight aggregates in step with every write
     * @param eventsStored told after each commit how many new events it stored (metrics)
     */
    public ContactService(ContactStore store, RecommendationService recommendations, Clock clock, InsightRecorder insights,
                          java.util.function.IntConsumer eventsStored) {
        this.store = store;
        this.recommendations = recommendations;
        this.clock = clock;
        this.insights = insights;
        this.eventsStored = eventsStored;
    }

    /** Now, as the service's clock says; event times are checked against it. */
    public Instant now() { return clock.instant().truncatedTo(ChronoUnit.MILLIS); }

    /** @param created true when the contact did not exist before */
    public record Saved(boolean created, ContactDetails contact) {}

    /**
     * Creates or updates a contact's profile. A phase or status given here is set as the CMS says
     * (and recorded in the history); left out, the inferred one stays.
     *
     * @param phase     null to keep the current phase (a new contact starts at non-awareness)
     * @param lifecycle null to keep the current status
     */
    public Saved save(ContactProfile profile, JourneyPhase phase, LifecycleStatus lifecycle) {
        Instant now = now();
        return store.transaction(tx -> {
            Optional<TrackedContact> existing = tx.lockContact(profile.id());
            ContactState state = existing.map(TrackedContact::state).orElse(ContactState.initial());
            List<JourneyChange> changes = new ArrayList<>();
            if (phase != null && phase != state.phase()) {
                changes.add(new JourneyChange(now, Kind.PHASE, state.phase().id(), phase.id(), 0, SET_BY_CMS,
                        "Phase set by the CMS", "Phase vom CMS gesetzt", null));
                state = new ContactState(phase, state.lifecycle(), state.score(), state.scoreAsOf(), state.events(), 0,
                        state.lastEngagementAt());
            }
            if (lifecycle != null && lifecycle != state.lifecycle()) {
                changes.add(new JourneyChange(now, Kind.STATUS, state.lifecycle() == null ? null : state.lifecycle().id(),
                        lifecycle.id(), 0, SET_BY_CMS, "Status set by the CMS", "Status vom CMS gesetzt", null));
                state = new ContactState(state.phase(), lifecycle, state.score(), state.scoreAsOf(), state.events(),
                        state.phaseEngagements(), state.lastEngagementAt());
            }
            TrackedContact saved = new TrackedContact(profile, state, existing.map(TrackedContact::createdAt).orElse(now), now);
            if (existing.isPresent()) tx.updateContact(saved);
            else tx.insertContact(saved);
            // the account view lists the contact at once; a move between accounts changes both (in one order: no deadlock)
            java.util.TreeSet<String> accounts = new java.util.TreeSet<>();
            existing.map(c -> c.profile().account()).ifPresent(accounts::add);
            if (profile.account() != null) accounts.add(profile.account());
            accounts.forEach(tx::accountChanged);
            for (JourneyChange change : changes) tx.insertChange(profile.id(), change);
            insights.phaseSet(tx.insights(), profile, changes);
            return new Saved(existing.isEmpty(), details(tx, saved, now));
        });
    }

    public Optional<ContactDetails> find(String id) {
        Instant now = now();
        return store.read(tx -> tx.contact(id).map(contact -> details(tx, contact, now)));
    }

    /** Erases the contact and everything stored about it; false if there was nothing to erase. */
    public boolean erase(String id) {
        return store.transaction(tx -> {
            Optional<TrackedContact> contact = tx.lockContact(id);
            contact.map(c -> c.profile().account()).ifPresent(tx::accountChanged);
            if (contact.isPresent()) insights.erasing(tx.insights(), id);
            return tx.deleteContact(id);
        });
    }

    /**
     * Stores new events and applies them to the contact's journey state, all in one transaction.
     * Events already stored with the same payload are skipped; one with a different payload fails
     * the whole request.
     *
     * @param events valid events (known types and items, checked times)
     * @throws UnknownContactException if the contact does not exist
     * @throws EventConflictException  if an event id was stored before with another payload
     */
    public EventReceipt record(String contactId, List<Event> events) {
        Snapshot snapshot = recommendations.snapshot(); // one version of journey rules and catalog for the whole request
        Instant now = now();
        EventReceipt receipt = store.transaction(tx -> {
            ContactStore.Locked locked = tx.lockContactWithCounts(contactId).orElseThrow(() -> new UnknownContactException(contactId));
            TrackedContact contact = locked.contact();
            JourneyInference inference = new JourneyInference(snapshot.journey(), snapshot.catalog(), contact.profile(), contact.state(),
                    JourneyInference.History.stored(tx, contactId, locked.eventCounts()));
            List<EventReceipt.Outcome> outcomes = new ArrayList<>();
            List<Event> stored = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                Optional<Event> before = tx.event(contactId, event.id());
                if (before.isPresent() && !before.get().samePayload(event)) throw new EventConflictException(i, before.get(), event);
                if (before.isEmpty()) {
                    inference.apply(event);
                    tx.insertEvent(contact.profile(), inference.state().events(), event, now);
                    stored.add(event);
                }
                outcomes.add(new EventReceipt.Outcome(event.id(), before.isEmpty()));
            }
            inference.flush(tx);
            insights.eventsStored(tx.insights(), contact.profile(), stored, inference.changes());
            ContactState state = inference.state();
            tx.updateContact(new TrackedContact(contact.profile(), state, contact.createdAt(), now), inference.eventCounts());
            tx.accountChanged(contact.profile().account());
            return new EventReceipt(contactId, contact.profile().language(), outcomes, state,
                    state.scoreAt(now, snapshot.journey().settings().scoreHalfLife()), inference.changes());
        });
        eventsStored.accept((int) receipt.events().stream().filter(EventReceipt.Outcome::stored).count());
        return receipt;
    }

    /**
     * What the stored contact should see next: its profile, phase and status, without what it
     * consumed and without what a journey rule paused. The hot path: only the returned items'
     * reasons are worked out.
     *
     * @throws UnknownContactException if the contact does not exist
     */
    public RecommendationResult recommend(String contactId, int limit) {
        Stored stored = stored(contactId, true);
        return recommendations.recommend(stored.contact(), stored.account(), limit, stored.paused().keySet());
    }

    /** Like {@link #recommend(String, int)}, with the account already judged (the account's own recommendations). */
    public RecommendationResult recommend(String contactId, int limit, Account account) {
        Stored stored = stored(contactId, false);
        return recommendations.recommend(stored.contact(), account, limit, stored.paused().keySet());
    }

    /**
     * The stored contacts a filter selects, as a mailing reads them: by id after {@code after} (null
     * from the start), a page at a time, each with what it consumed and what is paused for it now,
     * so its answer is the one {@link #recommend(String, int)} gives.
     */
    public de.wegweiser.batch.StoredRecipients recipients(de.wegweiser.storage.ContactFilter filter, String after) {
        return new de.wegweiser.batch.StoredRecipients(store, filter, after, recommendations::snapshot, now(),
                de.wegweiser.batch.StoredRecipients.PAGE);
    }

    /** Like {@link #recommend}, with the excluded and paused items and the best items below the cut. */
    public RecommendationService.Explained explain(String contactId, int limit) {
        Stored stored = stored(contactId, true); // with the account, or the explained list would differ from the answer
        return recommendations.explain(stored.contact(), stored.account(), limit, stored.paused());
    }

    /**
     * Why one item is or is not recommended for a stored contact, as its own answer ranks it (its
     * consumed and paused items, its account as the rules' Account fact), and what the account did.
     *
     * @param influence what the account did to the contact and the item; null when the contact has no account
     */
    public record ItemExplanation(RecommendationService.ItemAssessment assessment, de.wegweiser.accounts.AccountInfluence influence) {}

    /** Most journey score changes read to find the ones the contact's colleagues caused. */
    static final int SCORE_CHANGES_EXPLAINED = 200;

    /**
     * Empty when the item is not in the live catalog.
     *
     * @throws UnknownContactException if the contact does not exist
     */
    public Optional<ItemExplanation> explainItem(String contactId, String itemId, int limit, boolean whyNot) {
        Instant now = now();
        Snapshot snapshot = recommendations.snapshot(); // one version for both assessments and the account's judgement
        if (snapshot.catalog().item(itemId).isEmpty()) {
            if (store.read(tx -> tx.contact(contactId)).isEmpty()) throw new UnknownContactException(contactId);
            return Optional.empty();
        }
        record Read(Contact contact, List<PausedItem> paused, AccountAssessment account, List<JourneyChange> changes) {}
        Read read = store.read(tx -> {
            TrackedContact contact = tx.contact(contactId).orElseThrow(() -> new UnknownContactException(contactId));
            Set<String> consumed = new LinkedHashSet<>();
            tx.consumed(contactId).forEach(item -> consumed.add(item.itemId()));
            String accountId = contact.profile().account();
            AccountAssessment account = accountId == null ? null : AccountService.assess(tx, snapshot, accountId, now).orElse(null);
            List<JourneyChange> changes = new ArrayList<>(account == null ? List.of()
                    : tx.changes(contactId, EnumSet.of(Kind.PHASE, Kind.STATUS), Integer.MAX_VALUE));
            if (account != null) changes.addAll(tx.changes(contactId, EnumSet.of(Kind.SCORE), SCORE_CHANGES_EXPLAINED));
            return new Read(contact.toContact(consumed), tx.pausedAfter(contactId, now), account, changes);
        });
        Map<String, Reason> paused = paused(read.paused(), read.contact().language());
        Account fact = read.account() == null ? null : read.account().account();
        var with = recommendations.assess(snapshot, read.contact(), fact, paused, itemId, limit, whyNot).orElseThrow();
        if (read.account() == null) return Optional.of(new ItemExplanation(with, null));
        var without = recommendations.assess(snapshot, read.contact(), null, paused, itemId, limit, false).orElseThrow();
        List<JourneyChange> changes = read.changes().stream().sorted(java.util.Comparator.comparing(JourneyChange::at)).toList();
        return Optional.of(new ItemExplanation(with, de.wegweiser.accounts.AccountInfluence.of(read.account(), contactId, with, without,
                snapshot.rules().rulesJoining(Account.class), snapshot.journey().rulesJoining(de.wegweiser.domain.BuyingCenter.class),
                changes, limit, new de.wegweiser.accounts.AccountTexts(snapshot.catalog().taxonomy()))));
    }

    /**
     * The contact with what it consumed, the items paused for it with the reason in its language,
     * and its account as the account rules judge it (null without one, or when no rule reads it).
     */
    private record Stored(Contact contact, Map<String, Reason> paused, Account account) {}

    private Stored stored(String contactId, boolean withAccount) {
        Instant now = now();
        Snapshot snapshot = recommendations.snapshot();
        record Read(Contact contact, List<PausedItem> paused, Account account) {}
        Read read = store.transaction(tx -> {
            TrackedContact contact = tx.contact(contactId).orElseThrow(() -> new UnknownContactException(contactId));
            Set<String> consumed = new LinkedHashSet<>();
            tx.consumed(contactId).forEach(item -> consumed.add(item.itemId()));
            String accountId = contact.profile().account();
            // judging the account reads all of it: only when a recommendation rule joins the Account fact
            Account account = withAccount && accountId != null && snapshot.rules().readsAccount()
                    ? AccountService.assess(tx, snapshot, accountId, now).map(AccountAssessment::account).orElse(null) : null;
            return new Read(contact.toContact(consumed), tx.pausedAfter(contactId, now), account);
        });
        return new Stored(read.contact(), paused(read.paused(), read.contact().language()), read.account());
    }

    /** The paused items as exclusions, each with its rule and reason in the contact's language. */
    private static Map<String, Reason> paused(List<PausedItem> pauses, String language) {
        Map<String, Reason> paused = new LinkedHashMap<>();
        for (PausedItem pause : pauses) {
            String until = pause.until().atZone(ZoneOffset.UTC).toLocalDate().toString();
            paused.put(pause.itemId(), new Reason(pause.rule(), 0,
                    pause.reason(language) + ("de".equals(language) ? " (pausiert bis " : " (paused until ") + until + ")"));
        }
        return paused;
    }

    private ContactDetails details(ContactStore.Tx tx, TrackedContact contact, Instant now) {
        Duration halfLife = recommendations.snapshot().journey().settings().scoreHalfLife();
        return new ContactDetails(contact, contact.state().scoreAt(now, halfLife), tx.consumed(contact.id()),
                tx.pausedAfter(contact.id(), now), tx.changes(contact.id(), HISTORY, Integer.MAX_VALUE),
                tx.changes(contact.id(), EnumSet.of(Kind.SCORE), RECENT_SCORE_CHANGES));
    }
}
