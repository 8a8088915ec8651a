package de.wegweiser.rules;

import de.wegweiser.domain.Reason;
import java.util.Comparator;
import java.util.List;

/**
 * What the rules decided about one item for one contact.
 *
 * @param score     sum of the points of all reasons
 * @param reasons   every rule that added points, in firing order
 * @param exclusion the first rule that excluded the item, or null if it is a candidate
 * @param fallback  the rule that moved the item behind all others (e.g. other language), or null
 */
public record Verdict(String itemId, double score, List<Reason> reasons, Reason exclusion, Reason fallback) {

    public Verdict {
        // strongest reason first; the rule name breaks ties so the order never depends on firing order
        reasons = reasons.stream()
                .sorted(Comparator.comparingDouble(Reason::points).reversed().thenComparing(Reason::rule))
                .toList();
    }

    public static Verdict untouched(String itemId) {
        return new Verdict(itemId, 0, List.of(), null, null);
    }

    /** The reasons to show: every rule that added points, then the fallback, if any. */
    public List<Reason> explanation() {
        if (fallback == null) return reasons;
        List<Reason> all = new java.util.ArrayList<>(reasons);
        all.add(fallback);
        return all;
    }

    public boolean isExcluded() { return exclusion != null; }

    public boolean isFallback() { return fallback != null; }
}
