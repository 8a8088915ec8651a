package de.wegweiser.recommend;

import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Reason;
import de.wegweiser.rules.Evaluation;
import de.wegweiser.rules.Verdict;
import de.wegweiser.rules.conditions.NotFired;
import de.wegweiser.rules.conditions.WhyNot;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Contact in, ranked and explained list out. Knows nothing about HTTP. Thread-safe: each call
 * reads the current {@link Snapshot} once and works on it alone, so a swap never mixes versions.
 */
public final class RecommendationService {

    /** How many of the best candidates below the cut an explanation shows. */
    static final int MISSED_THE_CUT = 5;

    private final AtomicReference<Snapshot> current;
    private final Clock clock;
    private final IntConsumer evaluatedPerList;

    public RecommendationService(Snapshot initial, Clock clock) {
        this(initial, clock, evaluated -> {});
    }

    /** @param evaluatedPerList told, for every ranked list, how many catalog items the rules ran on (metrics) */
    public RecommendationService(Snapshot initial, Clock clock, IntConsumer evaluatedPerList) {
        this.current = new AtomicReference<>(initial);
        this.clock = clock;
        this.evaluatedPerList = evaluatedPerList;
    }

    public Snapshot snapshot() { return current.get(); }

    /** Puts a new version live and returns the old one; calls already running finish on the old one. */
    public Snapshot replace(Snapshot next) { return current.getAndSet(next); }

    public LocalDate today() { return LocalDate.now(clock); }

    /** The hot path: only the returned items get their verdicts built (no exclusions list, no near misses). */
    public RecommendationResult recommend(Contact contact, int limit) {
        return recommend(contact, limit, Set.of());
    }

    /** Like {@link #recommend(Contact, int)}, without the given items whatever the rules say (e.g. paused ones). */
    public RecommendationResult recommend(Contact contact, int limit, Set<String> excludedIds) {
        return recommend(contact, null, limit, excludedIds);
    }

    /**
     * Like {@link #recommend(Contact, int, Set)}, with the contact's account as a fact the rules may join.
     *
     * @param account the account as the account rules judged it, or null
     */
    public RecommendationResult recommend(Contact contact, de.wegweiser.domain.Account account, int limit, Set<String> excludedIds) {
        Snapshot snapshot = current.get();
        return result(contact, snapshot, snapshot.evaluator().withCandidates(contact, account, today(), excludedIds, limit,
                candidates -> {
                    List<Ranking.Scored> top = Ranking.top(candidates, limit);
                    evaluatedPerList.accept(candidates.evaluated());
                    return top;
                }));
    }

    /** An item the rules dropped, and the rule that dropped it. */
    public record Exclusion(ContentItem item, Reason reason) {}

    /** The result plus the "why not": excluded candidates and the best items below the cut. */
    public record Explained(RecommendationResult result, List<Exclusion> excluded, List<Recommendation> missedTheCut) {}

    public Explained explain(Contact contact, int limit) {
        return explain(contact, limit, Map.of());
    }

    /**
     * Like {@link #explain(Contact, int)}, with more items excluded whatever the rules say, e.g. the
     * items a journey rule paused for a stored contact.
     *
     * @param exclusions item id and the reason it is excluded
     */
    public Explained explain(Contact contact, int limit, Map<String, Reason> exclusions) {
        return explain(contact, null, limit, exclusions);
    }

    /** Like {@link #explain(Contact, int, Map)}, with the contact's account as a fact the rules may join (or null). */
    public Explained explain(Contact contact, de.wegweiser.domain.Account account, int limit, Map<String, Reason> exclusions) {
        Snapshot snapshot = current.get();
        Evaluation evaluation = snapshot.evaluator().evaluate(contact, account, today()).excluding(exclusions);
        List<Ranking.Scored> ranked = Ranking.top(snapshot.catalog(), evaluation, limit + MISSED_THE_CUT);
        List<Recommendation> missed = ranked.stream().skip(limit).map(Recommendation::of).toList();
        List<Exclusion> excluded = new ArrayList<>();
        for (ContentItem item : snapshot.catalog().items()) {
            if (evaluation.isExcluded(item)) excluded.add(new Exclusion(item, evaluation.verdict(item).exclusion()));
        }
        return new Explained(result(contact, snapshot, ranked.subList(0, Math.min(limit, ranked.size()))), excluded, missed);
    }

    private static RecommendationResult result(Contact contact, Snapshot snapshot, List<Ranking.Scored> top) {
        return new RecommendationResult(contact.id(), snapshot.rules().version(), snapshot.catalog().version(),
                top.stream().map(Recommendation::of).toList(), contact.role(), contact.language());
    }

    /**
     * Why one item is or is not recommended, rule by rule.
     *
     * @param notFired the rules that did not fire for the item, each with its first failed condition; null unless asked for
     */
    public record ItemAssessment(RecommendationResult context, ContentItem item, Verdict verdict, Outcome outcome,
                                 int position, int candidates, Double lowestRecommendedScore, List<NotFired> notFired) {
        public enum Outcome { RECOMMENDED, EXCLUDED, OUTSCORED }
    }

    /** Empty when the item is not in the live catalog. */
    public Optional<ItemAssessment> assess(Contact contact, String itemId, int limit) {
        return assess(contact, itemId, limit, false);
    }

    /**
     * Like {@link #assess(Contact, String, int)}; with {@code whyNot}, also every rule that did not
     * fire for the item and the first of its conditions that failed.
     */
    public Optional<ItemAssessment> assess(Contact contact, String itemId, int limit, boolean whyNot) {
        return assess(current.get(), contact, null, Map.of(), itemId, limit, whyNot);
    }

    /**
     * Like {@link #assess(Contact, String, int, boolean)} for a stored contact: with its account as
     * the rules' Account fact (or null) and its paused items excluded with their reasons. Both
     * assessments of a pair (with and without the account) must see the same version: pass the snapshot.
     */
    public Optional<ItemAssessment> assess(Snapshot snapshot, Contact contact, de.wegweiser.domain.Account account,
                                           Map<String, Reason> exclusions, String itemId, int limit, boolean whyNot) {
        Optional<ContentItem> item = snapshot.catalog().item(itemId);
        if (item.isEmpty()) return Optional.empty();
        Evaluation evaluation = snapshot.evaluator().evaluate(contact, account, today()).excluding(exclusions);
        Verdict verdict = evaluation.verdict(itemId);
        List<Ranking.Scored> top = Ranking.top(snapshot.catalog(), evaluation, limit);
        RecommendationResult context = result(contact, snapshot, top);
        List<Ranking.Scored> candidates = Ranking.candidates(snapshot.catalog(), evaluation);
        Double lowest = top.isEmpty() ? null : top.get(top.size() - 1).verdict().score();
        int inTop = indexOf(top, itemId);
        ItemAssessment.Outcome outcome = verdict.isExcluded() ? ItemAssessment.Outcome.EXCLUDED
                : inTop >= 0 ? ItemAssessment.Outcome.RECOMMENDED : ItemAssessment.Outcome.OUTSCORED;
        int position = inTop >= 0 ? inTop + 1 : indexOf(candidates, itemId) + 1;
        List<NotFired> notFired = whyNot ? snapshot.rules().whyNot().notFired(
                new WhyNot.Facts(contact, item.get(), today(), account, snapshot.catalog().items()), fired(verdict)) : null;
        return Optional.of(new ItemAssessment(context, item.get(), verdict, outcome, position, candidates.size(), lowest, notFired));
    }

    /** The rules that fired for an item: those that scored it, and its exclusion and fallback. */
    private static Set<String> fired(Verdict verdict) {
        Set<String> fired = new java.util.HashSet<>();
        verdict.reasons().forEach(r -> fired.add(r.rule()));
        if (verdict.exclusion() != null) fired.add(verdict.exclusion().rule());
        if (verdict.fallback() != null) fired.add(verdict.fallback().rule());
        return fired;
    }

    private static int indexOf(List<Ranking.Scored> list, String itemId) {
        for (int i = 0; i < list.size(); i++) if (list.get(i).item().id().equals(itemId)) return i;
        return -1;
    }

}
