package de.wegweiser.recommend;

import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Reason;
import java.util.List;

/** One recommended item with its score and every reason that added to it. */
public record Recommendation(ContentItem item, double score, List<Reason> reasons) {
    public Recommendation {
        reasons = List.copyOf(reasons);
    }

    /** A ranked item with the points and reasons of its verdict. */
    public static Recommendation of(Ranking.Scored scored) {
        return new Recommendation(scored.item(), scored.verdict().score(), scored.verdict().explanation());
    }
}
