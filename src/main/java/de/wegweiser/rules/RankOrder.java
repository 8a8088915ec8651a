package de.wegweiser.rules;

import de.wegweiser.domain.ContentItem;
import java.time.LocalDate;
import java.util.Comparator;

/**
 * The order of candidates: items the rules kept as a fallback after all others; then more points
 * first; ties go to the newer item, then to the smaller id, so the order is deterministic.
 */
public final class RankOrder {

    private RankOrder() {}

    public static int compare(ContentItem a, boolean fallbackA, double scoreA, ContentItem b, boolean fallbackB, double scoreB) {
        if (fallbackA != fallbackB) return fallbackA ? 1 : -1;
        int byScore = Double.compare(scoreB, scoreA);
        if (byScore != 0) return byScore;
        LocalDate pa = a.published();
        LocalDate pb = b.published();
        if (pa == null ? pb != null : !pa.equals(pb)) {
            if (pa == null) return 1;
            if (pb == null) return -1;
            return pb.compareTo(pa);
        }
        return a.id().compareTo(b.id());
    }

    /** Items in rank order by their verdicts in the evaluation. */
    public static Comparator<ContentItem> by(Evaluation evaluation) {
        return (a, b) -> compare(a, evaluation.isFallback(a), evaluation.score(a), b, evaluation.isFallback(b), evaluation.score(b));
    }
}
