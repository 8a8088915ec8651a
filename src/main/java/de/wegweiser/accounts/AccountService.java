package de.wegweiser.accounts;

import de.wegweiser.contacts.ContactService;
import de.wegweiser.domain.ConsumedItem;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.TrackedContact;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationResult;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.AccountEffect;
import de.wegweiser.storage.AccountCursor;
import de.wegweiser.storage.AccountFilter;
import de.wegweiser.storage.AccountSummaryRow;
import de.wegweiser.storage.ContactStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buying center as a whole: an account's members judged together by the account rules, the
 * list of accounts, and what each member and each gap of an account needs next. Knows nothing about
 * HTTP. An account view is always computed from the stored contacts; the list reads summaries that
 * are made again, before listing, for every account whose members changed since.
 */
public final class AccountService implements AutoCloseable {

    /** How many of each member's recommendations, and how far down a gap's candidates are searched. */
    static final int GAP_CANDIDATES = 30;
    /**
     * Stale summaries a list request makes itself before it answers (about 2-3 ms each on PostgreSQL); the
     * rest is made in the background, so even the first page after a bulk import stays under 100 ms.
     */
    static final int REFRESH_IN_REQUEST = 25;
    static final int BACKGROUND_BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    private final ContactStore store;
    private final ContactService contacts;
    private final RecommendationService recommendations;
    private final ReentrantLock refreshing = new ReentrantLock();
    private final java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "account-summaries");
        thread.setDaemon(true);
        return thread;
    });
    private final java.util.concurrent.atomic.AtomicBoolean backgroundQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** The account rules whose summaries are current; others were marked stale once. */
    private volatile String markedFor;

    public AccountService(ContactStore store, ContactService contacts, RecommendationService recommendations) {
        this.store = store;
        this.contacts = contacts;
        this.recommendations = recommendations;
    }

    /** The account judged as of now; empty when no stored contact has that account. */
    public Optional<AccountAssessment> find(String accountId) {
        Snapshot snapshot = recommendations.snapshot();
        Instant now = contacts.now();
        return store.transaction(tx -> assess(tx, snapshot, accountId, now));
    }

    /** The account judged from what the transaction reads: its members, their scores as of {@code now}, what they consumed. */
    public static Optional<AccountAssessment> assess(ContactStore.Tx tx, Snapshot snapshot, String accountId, Instant now) {
        return assess(snapshot, accountId, now, read(tx, accountId));
    }

    private record Read(List<TrackedContact> members, Map<String, List<ConsumedItem>> consumed) {}

    private static Read read(ContactStore.Tx tx, String accountId) {
        return new Read(tx.members(accountId), tx.consumedByAccount(accountId));
    }

    private static Optional<AccountAssessment> assess(Snapshot snapshot, String accountId, Instant now, Read read) {
        if (read.members().isEmpty()) return Optional.empty();
        Duration halfLife = snapshot.journey().settings().scoreHalfLife();
        List<AccountAssessment.Member> members = new ArrayList<>();
        for (TrackedContact contact : read.members()) {
            members.add(new AccountAssessment.Member(contact, contact.state().scoreAt(now, halfLife),
                    read.consumed().getOrDefault(contact.id(), List.of()), false));
        }
        return Optional.of(new AccountInference(snapshot.account(), snapshot.catalog()).assess(accountId, members, now));
    }

    /**
     * One page of accounts and how many match in all.
     *
     * @param next    where the next page starts, or null on the last page
     * @param pending summaries still being made again in the background: the list may lag behind
     *                that many accounts' latest changes for a moment
     */
    public record Page(List<AccountSummaryRow> accounts, long total, AccountCursor next, long pending) {}

    /**
     * Accounts matching the filter, most recent activity first, after the cursor or else after
     * skipping {@code offset}. Summaries of accounts that changed since they were made (or were
     * made by other account rules) are made again first, up to {@link #REFRESH_IN_REQUEST} of them;
     * beyond that (a bulk import, new account rules) the rest is made in the background and the
     * page says how many are pending, so no request waits for thousands of accounts.
     */
    public Page list(AccountFilter filter, AccountCursor after, int offset, int limit) {
        long pending = refresh(REFRESH_IN_REQUEST);
        if (pending > 0) refreshInBackground();
        return store.transaction(tx -> {
            List<AccountSummaryRow> rows = tx.accounts(filter, after, offset, limit + 1); // one more: is there a next page?
            List<AccountSummaryRow> page = rows.subList(0, Math.min(limit, rows.size()));
            AccountCursor next = rows.size() > limit ? AccountCursor.after(page.get(page.size() - 1)) : null;
            return new Page(List.copyOf(page), tx.countAccounts(filter), next, pending);
        });
    }

    /**
     * Makes up to {@code max} stale summaries again; returns how many are still stale. One refresh
     * at a time: the others wait for it.
     */
    public long refresh(int max) {
        refreshing.lock();
        try {
            Snapshot snapshot = recommendations.snapshot();
            String version = snapshot.account().version();
            if (!version.equals(markedFor)) { // new account rules: every summary made by others is stale
                store.transaction(tx -> tx.markSummariesStale(version));
                markedFor = version;
            }
            Map<String, Long> stale = store.transaction(tx -> tx.staleAccounts(max));
            for (Map.Entry<String, Long> account : stale.entrySet()) {
                Instant now = contacts.now();
                // the count is read before the members: a change after it leaves the summary stale, never lost
                Read read = store.transaction(tx -> read(tx, account.getKey()));
                AccountSummaryRow row = assess(snapshot, account.getKey(), now, read).map(AccountService::summary)
                        .orElse(new AccountSummaryRow(account.getKey(), version, 0, 0, null, null, Set.of(), 0, 0, null));
                store.transaction(tx -> {
                    tx.saveSummary(row, account.getValue(), now);
                    return null;
                });
            }
            return stale.size() < max ? 0 : store.transaction(ContactStore.Tx::countStaleAccounts);
        } finally {
            refreshing.unlock();
        }
    }

    /** Makes every stale summary again, on the background thread; at most one such run is queued. */
    private void refreshInBackground() {
        if (!backgroundQueued.compareAndSet(false, true)) return;
        try {
            background.execute(() -> {
                try {
                    // bounded: under a steady stream of writes some account is always stale again
                    for (int round = 0; round < 10_000 && refresh(BACKGROUND_BATCH) > 0; round++) {
                        if (Thread.currentThread().isInterrupted()) return;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("making account summaries again failed; the next list tries again: {}", e.getMessage());
                } finally {
                    backgroundQueued.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) { // closing
            backgroundQueued.set(false);
        }
    }

    /** Stops the background refresh; call before the database closes. */
    @Override
    public void close() {
        background.shutdownNow();
        try {
            background.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static AccountSummaryRow summary(AccountAssessment a) {
        Set<String> kinds = new LinkedHashSet<>();
        a.gaps().forEach(g -> kinds.add(g.kind().id()));
        return new AccountSummaryRow(a.id(), a.rulesVersion(), a.members().size(), a.account().activeMembers(),
                a.phase() == null ? null : a.phase().value().id(), a.status() == null ? null : a.status().value().id(),
                kinds, a.gaps().size(), a.score(), a.lastActivity());
    }

    // ---------------------------------------------------------------- recommendations

    /** Who should hand a gap's content on, and why; null member when nobody else is engaged. */
    public record Forwarder(AccountAssessment.Member member, String whyEn, String whyDe) {
        public String why(String language) { return "de".equals(language) ? whyDe : whyEn; }
    }

    /**
     * For one gap: the content that closes it (null when the catalog has none left) and who should
     * forward it.
     *
     * @param recipient the member the content is for; null when the role has no member yet
     * @param answer    the content as a one-item answer to the reader it was chosen for (its rules and
     *                  versions): what a trackingId traces, so an impression or click of the forwarded
     *                  content counts for the rules that chose it; null when there is no content
     */
    public record GapClosing(AccountEffect.Gap gap, AccountAssessment.Member recipient, Recommendation content, Forwarder forwarder,
                             RecommendationResult answer) {}

    public record AccountRecommendations(AccountAssessment account, Map<String, RecommendationResult> members, List<GapClosing> gaps) {}

    /**
     * For every member its next content (as for the contact alone), and for every gap the content
     * that closes it and the engaged member who should hand it on.
     */
    public Optional<AccountRecommendations> recommend(String accountId, int limit) {
        Optional<AccountAssessment> found = find(accountId);
        if (found.isEmpty()) return Optional.empty();
        AccountAssessment account = found.get();
        Map<String, RecommendationResult> perMember = new java.util.LinkedHashMap<>();
        // each member as for the contact alone, with this very account as the rules' Account fact
        for (AccountAssessment.Member member : account.members()) {
            perMember.put(member.id(), contacts.recommend(member.id(), limit, account.account()));
        }
        List<GapClosing> closings = new ArrayList<>();
        for (AccountEffect.Gap gap : account.gaps()) closings.add(close(account, gap));
        return Optional.of(new AccountRecommendations(account, perMember, closings));
    }

    private GapClosing close(AccountAssessment account, AccountEffect.Gap gap) {
        JourneyPhase accountPhase = account.phase() == null ? null : account.phase().value();
        AccountAssessment.Member recipient = switch (gap.kind()) {
            case MISSING_ROLE -> null;
            case UNSEEN_CONCERN -> account.members().stream().filter(m -> m.contact().profile().role().equals(gap.role()))
                    .max(Comparator.comparingDouble(AccountAssessment.Member::leadScore)).orElse(null);
            case LAGGING_MEMBER -> account.members().stream().filter(m -> m.id().equals(gap.contactId())).findFirst().orElse(null);
        };
        Forwarder forwarder = forwarder(account, gap, recipient);
        String language = forwarder != null && forwarder.member() != null ? forwarder.member().contact().profile().language()
                : recipient != null ? recipient.contact().profile().language() : "de";
        Contact reader = reader(account, gap, recipient, accountPhase, language);
        RecommendationResult candidates = recommendations.recommend(reader, account.account(), GAP_CANDIDATES, Set.of());
        Recommendation content = candidates.recommendations().stream().filter(r -> closes(gap, r.item(), reader)).findFirst().orElse(null);
        RecommendationResult answer = content == null ? null : new RecommendationResult(reader.id(), candidates.rulesVersion(),
                candidates.catalogVersion(), List.of(content), reader.role(), reader.language());
        return new GapClosing(gap, recipient, content, forwarder, answer);
    }

    /** The person the gap's content is chosen for: the member concerned, or someone of the missing role. */
    private static Contact reader(AccountAssessment account, AccountEffect.Gap gap, AccountAssessment.Member recipient,
                                  JourneyPhase accountPhase, String language) {
        Set<String> consumed = new LinkedHashSet<>();
        if (recipient != null) recipient.consumed().forEach(c -> consumed.add(c.itemId()));
        JourneyPhase phase = accountPhase == null ? JourneyPhase.AWARENESS : accountPhase;
        Set<String> concerns = new LinkedHashSet<>();
        switch (gap.kind()) {
            case MISSING_ROLE -> account.coverage().stream().filter(c -> c.role().equals(gap.role())).findFirst()
                    .ifPresent(c -> concerns.addAll(c.concerns()));
            case UNSEEN_CONCERN -> concerns.add(gap.concern());
            case LAGGING_MEMBER -> {
                concerns.addAll(recipient.contact().profile().concerns());
                // one step on from where the member is, towards the account
                JourneyPhase own = recipient.contact().state().phase();
                phase = own.next().isBefore(phase) ? own.next() : phase;
            }
        }
        if (recipient != null) {
            var p = recipient.contact().profile();
            return new Contact(p.id(), p.role(), concerns, phase, p.language(), consumed, account.id(), p.industry(), p.topics(),
                    recipient.contact().state().lifecycle(), p.existingCustomer());
        }
        return new Contact(account.id() + "/" + gap.role(), gap.role(), concerns, phase, language, consumed, account.id(), null,
                Set.of(), null, account.account().isCustomer());
    }

    /** The content closes the gap: it speaks to the unseen concern, to the missing role, or (lagging) it is the next step. */
    private static boolean closes(AccountEffect.Gap gap, ContentItem item, Contact reader) {
        return switch (gap.kind()) {
            case UNSEEN_CONCERN -> item.concerns().contains(gap.concern());
            case MISSING_ROLE -> item.roles().contains(gap.role()) || !java.util.Collections.disjoint(item.concerns(), reader.concerns());
            case LAGGING_MEMBER -> true;
        };
    }

    /**
     * The member who should hand the content on: someone other than the recipient, active before
     * inactive, who has seen content on the concern before who has not, then the highest lead score.
     */
    private Forwarder forwarder(AccountAssessment account, AccountEffect.Gap gap, AccountAssessment.Member recipient) {
        List<AccountAssessment.Member> candidates = account.members().stream()
                .filter(m -> recipient == null || !m.id().equals(recipient.id()))
                .filter(m -> m.leadScore() > 0 || m.active())
                .sorted(Comparator.comparing((AccountAssessment.Member m) -> !m.active())
                        .thenComparing(m -> gap.concern() == null || !seen(m, gap.concern()))
                        .thenComparing(Comparator.comparingDouble(AccountAssessment.Member::leadScore).reversed())
                        .thenComparing(AccountAssessment.Member::id))
                .toList();
        if (candidates.isEmpty()) {
            return new Forwarder(null, "Nobody else at the company is engaged yet: send it directly",
                    "Sonst ist im Unternehmen noch niemand engagiert: direkt zusenden");
        }
        AccountAssessment.Member best = candidates.get(0);
        String score = String.valueOf(Math.round(best.leadScore() * 10) / 10.0);
        StringBuilder en = new StringBuilder(best.id() + " is ");
        StringBuilder de = new StringBuilder(best.id() + " ist ");
        en.append(best.active() ? "active" : "known").append(" at the company with the highest lead score among colleagues (").append(score).append(")");
        de.append(best.active() ? "aktiv" : "bekannt").append(" im Unternehmen, mit dem höchsten Lead-Score unter den Kollegen (").append(score).append(")");
        if (gap.concern() != null && seen(best, gap.concern())) {
            en.append(" and has read about the topic already");
            de.append(" und hat sich selbst schon damit befasst");
        }
        return new Forwarder(best, en.toString(), de.toString());
    }

    private boolean seen(AccountAssessment.Member member, String concern) {
        var catalog = recommendations.snapshot().catalog();
        return member.consumed().stream().anyMatch(c -> catalog.item(c.itemId()).map(i -> i.concerns().contains(concern)).orElse(false));
    }
}
