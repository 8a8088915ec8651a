package de.wegweiser.recommend;

import java.util.List;

/**
 * The answer to "what next?" for one contact, with the versions it was computed from and the
 * contact's role and language (which split the insight figures of the answer).
 */
public record RecommendationResult(String contactId, String rulesVersion, String catalogVersion,
                                   List<Recommendation> recommendations, String role, String language) {
    public RecommendationResult {
        recommendations = List.copyOf(recommendations);
    }
}
