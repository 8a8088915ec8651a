package de.wegweiser.rules;

import java.util.HashMap;
import java.util.Map;

/**
 * The rules' verdicts for one contact: one per item some rule touched. Ranking needs score,
 * exclusion and fallback of every item but the sorted reasons of only the few it returns, so
 * verdicts are built on demand.
 */
public final class Evaluation {

    private final Map<String, Scorecard.Tally> tallies;
    private final int firings;
    private Map<String, Verdict> verdicts;

    public Evaluation(Map<String, Verdict> verdicts, int firings) {
        this.tallies = null;
        this.verdicts = Map.copyOf(verdicts);
        this.firings = firings;
    }

    Evaluation(Map<String, Scorecard.Tally> tallies, int firings, boolean owned) {
        this.tallies = tallies;
        this.firings = firings;
    }

    /** How many times rules fired for this contact. */
    public int firings() { return firings; }

    /** Every verdict, keyed by item id (builds them all: meant for tests and tools, not per request). */
    public synchronized Map<String, Verdict> verdicts() {
        if (verdicts == null) {
            Map<String, Verdict> all = new HashMap<>();
            tallies.forEach((id, t) -> all.put(id, t.verdict(id)));
            verdicts = Map.copyOf(all);
        }
        return verdicts;
    }

    /** The verdict for an item; an item no rule touched is a candidate with 0 points. */
    public Verdict verdict(String itemId) {
        if (tallies == null) {
            Verdict verdict = verdicts.get(itemId);
            return verdict != null ? verdict : Verdict.untouched(itemId);
        }
        Scorecard.Tally tally = tallies.get(itemId);
        return tally != null ? tally.verdict(itemId) : Verdict.untouched(itemId);
    }

    /** The item's score without building its verdict. */
    public double score(String itemId) {
        if (tallies == null) return verdict(itemId).score();
        Scorecard.Tally tally = tallies.get(itemId);
        return tally != null ? tally.score : 0;
    }

    /** Whether a rule excluded the item. */
    public boolean isExcluded(String itemId) {
        if (tallies == null) return verdict(itemId).isExcluded();
        Scorecard.Tally tally = tallies.get(itemId);
        return tally != null && tally.exclusion != null;
    }

    /** Whether a rule made the item a fallback. */
    public boolean isFallback(String itemId) {
        if (tallies == null) return verdict(itemId).isFallback();
        Scorecard.Tally tally = tallies.get(itemId);
        return tally != null && tally.fallback != null;
    }
}
