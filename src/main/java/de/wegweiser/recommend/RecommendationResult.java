package de.wegweiser.recommend;

import java.util.List;

/** The answer to "what next?" for one contact, with the versions it was computed from. */
public record RecommendationResult(String contactId, String rulesVersion, String catalogVersion,
                                   List<Recommendation> recommendations) {
    public RecommendationResult {
        recommendations = List.copyOf(recommendations);
    }
}
