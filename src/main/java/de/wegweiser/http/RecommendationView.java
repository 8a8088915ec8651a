package de.wegweiser.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import de.wegweiser.domain.Reason;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationResult;
import java.util.List;

/** The response body of {@code POST /api/v1/recommendations}. */
public record RecommendationView(String contactId, String rulesVersion, String catalogVersion, List<Entry> recommendations) {

    /** One recommended item: the item's fields, its score and the reasons. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(@JsonUnwrapped ItemView item, double score, List<Reason> reasons) {}

    public static RecommendationView of(RecommendationResult result) {
        return new RecommendationView(result.contactId(), result.rulesVersion(), result.catalogVersion(),
                result.recommendations().stream().map(RecommendationView::entry).toList());
    }

    static Entry entry(Recommendation r) {
        return new Entry(ItemView.of(r.item()), r.score(), r.reasons());
    }
}
