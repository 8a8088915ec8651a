package de.wegweiser.rules;

import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Reason;
import java.util.HashMap;
import java.util.Map;

/**
 * The rules' verdicts for one contact: one per item some rule touched. Ranking needs score,
 * exclusion and fallback of every item but the sorted reasons of only the few it returns, so
 * verdicts are built on demand.
 */
public final class Evaluation {

    private final Map<ContentItem, Scorecard.Tally> tallies;
    private Map<String, Scorecard.Tally> byId;
    private final int firings;
    private Map<String, Verdict> verdicts;

    public Evaluation(Map<String, Verdict> verdicts, int firings) {
        this.tallies = null;
        this.verdicts = Map.copyOf(verdicts);
        this.firings = firings;
    }

    Evaluation(Map<ContentItem, Scorecard.Tally> tallies, int firings, boolean owned) {
        this.tallies = tallies;
        this.firings = firings;
    }

    /** How many times rules fired for this contact. */
    public int firings() { return firings; }

    /** Every verdict, keyed by item id (builds them all: meant for tests and tools, not per request). */
    public synchronized Map<String, Verdict> verdicts() {
        if (verdicts == null) {
            Map<String, Verdict> all = new HashMap<>();
            tallies.forEach((item, t) -> all.put(item.id(), t.verdict(item.id())));
            verdicts = Map.copyOf(all);
        }
        return verdicts;
    }

    /**
     * The same verdicts with more items excluded, each with its reason, e.g. items a journey rule
     * paused for the contact. An item the rules excluded already keeps the rules' reason.
     */
    public Evaluation excluding(Map<String, Reason> exclusions) {
        if (exclusions.isEmpty()) return this;
        Map<String, Verdict> all = new HashMap<>(verdicts());
        exclusions.forEach((itemId, reason) -> {
            Verdict v = verdict(itemId);
            if (!v.isExcluded()) all.put(itemId, new Verdict(itemId, v.score(), v.reasons(), reason, v.fallback()));
        });
        return new Evaluation(all, firings);
    }

    /** The verdict for an item; an item no rule touched is a candidate with 0 points. */
    public Verdict verdict(String itemId) {
        if (tallies == null) {
            Verdict verdict = verdicts.get(itemId);
            return verdict != null ? verdict : Verdict.untouched(itemId);
        }
        Scorecard.Tally tally = byId().get(itemId);
        return tally != null ? tally.verdict(itemId) : Verdict.untouched(itemId);
    }

    private synchronized Map<String, Scorecard.Tally> byId() {
        if (byId == null) {
            byId = new HashMap<>();
            tallies.forEach((item, t) -> byId.put(item.id(), t));
        }
        return byId;
    }

    // By item: what ranking uses, without building verdicts or looking up ids.

    /** The verdict for a catalog item. */
    public Verdict verdict(ContentItem item) {
        if (tallies == null) return verdict(item.id());
        Scorecard.Tally tally = tallies.get(item);
        return tally != null ? tally.verdict(item.id()) : Verdict.untouched(item.id());
    }

    public double score(ContentItem item) {
        if (tallies == null) return verdict(item.id()).score();
        Scorecard.Tally tally = tallies.get(item);
        return tally != null ? tally.score : 0;
    }

    public boolean isExcluded(ContentItem item) {
        if (tallies == null) return verdict(item.id()).isExcluded();
        Scorecard.Tally tally = tallies.get(item);
        return tally != null && tally.exclusion != null;
    }

    public boolean isFallback(ContentItem item) {
        if (tallies == null) return verdict(item.id()).isFallback();
        Scorecard.Tally tally = tallies.get(item);
        return tally != null && tally.fallback != null;
    }

    /** The item's score without building its verdict. */
    public double score(String itemId) {
        if (tallies == null) return verdict(itemId).score();
        Scorecard.Tally tally = byId().get(itemId);
        return tally != null ? tally.score : 0;
    }

    /** Whether a rule excluded the item. */
    public boolean isExcluded(String itemId) {
        if (tallies == null) return verdict(itemId).isExcluded();
        Scorecard.Tally tally = byId().get(itemId);
        return tally != null && tally.exclusion != null;
    }

    /** Whether a rule made the item a fallback. */
    public boolean isFallback(String itemId) {
        if (tallies == null) return verdict(itemId).isFallback();
        Scorecard.Tally tally = byId().get(itemId);
        return tally != null && tally.fallback != null;
    }
}
