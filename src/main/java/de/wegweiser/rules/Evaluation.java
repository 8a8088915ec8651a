package de.wegweiser.rules;

import de.wegweiser.domain.Reason;
import java.util.Map;

/** The rules' verdicts for one contact: one per item some rule touched. */
public record Evaluation(Map<String, Verdict> verdicts, int firings) {

    public Evaluation {
        verdicts = Map.copyOf(verdicts);
    }

    /**
     * The same verdicts with more items excluded, each with its reason, e.g. items a journey rule
     * paused for the contact. An item the rules excluded already keeps the rules' reason.
     */
    public Evaluation excluding(Map<String, Reason> exclusions) {
        if (exclusions.isEmpty()) return this;
        Map<String, Verdict> all = new java.util.HashMap<>(verdicts);
        exclusions.forEach((itemId, reason) -> {
            Verdict v = verdict(itemId);
            if (!v.isExcluded()) all.put(itemId, new Verdict(itemId, v.score(), v.reasons(), reason, v.fallback()));
        });
        return new Evaluation(all, firings);
    }

    /** The verdict for an item; an item no rule touched is a candidate with 0 points. */
    public Verdict verdict(String itemId) {
        Verdict verdict = verdicts.get(itemId);
        return verdict != null ? verdict : Verdict.untouched(itemId);
    }
}
