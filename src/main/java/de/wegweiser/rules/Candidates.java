package de.wegweiser.rules;

import de.wegweiser.domain.ContentItem;
import java.util.List;
import java.util.Set;

/**
 * One contact's candidates (the items no rule excluded) in {@link RankOrder}, produced as far as
 * the caller reads: a fast evaluator evaluates more items only when the caller asks for more.
 * Valid only inside the callback it is handed to.
 */
public interface Candidates {

    /** The next candidate in rank order, or null when none is left. */
    ContentItem next();

    /** Whether a returned candidate is a fallback (ranked after all others). */
    boolean isFallback(ContentItem item);

    /** What the rules said about a returned candidate. */
    Verdict verdict(ContentItem item);

    /** How many catalog items the rules ran on so far for this contact. */
    int evaluated();

    /**
     * The candidates of a complete evaluation: a heap over the catalog, so only as much is sorted
     * as the caller reads.
     *
     * @param excludedIds further items to leave out, whatever the rules say
     */
    static Candidates of(List<ContentItem> items, Evaluation evaluation, Set<String> excludedIds) {
        return new RankedEvaluation(items, evaluation, excludedIds);
    }
}
