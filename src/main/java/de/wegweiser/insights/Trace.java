package de.wegweiser.insights;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What put each item of one recommendation answer in front of the contact: the rules with their
 * points, and the rules version. Holds no contact id: the role and language split the figures.
 *
 * @param items item id and the rules that gave it points (a fallback with 0), in the answer's order
 */
public record Trace(String trackingId, Instant answeredAt, String rulesVersion, String role, String language,
                    Map<String, List<RulePoints>> items) {

    /** One rule's share of an item's score. */
    public record RulePoints(String rule, double points) {}

    public boolean contains(String itemId) { return items.containsKey(itemId); }
}
