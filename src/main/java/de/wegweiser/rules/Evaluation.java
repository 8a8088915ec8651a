package de.wegweiser.rules;

import java.util.Map;

/** The rules' verdicts for one contact: one per item some rule touched. */
public record Evaluation(Map<String, Verdict> verdicts, int firings) {

    public Evaluation {
        verdicts = Map.copyOf(verdicts);
    }

    /** The verdict for an item; an item no rule touched is a candidate with 0 points. */
    public Verdict verdict(String itemId) {
        Verdict verdict = verdicts.get(itemId);
        return verdict != null ? verdict : Verdict.untouched(itemId);
    }
}
