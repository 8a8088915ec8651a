package de.wegweiser.rules;

import java.time.Duration;
import java.util.Map;

/**
 * The marketer settings of the journey rules, as declared in DRL ({@code declare JourneySettings}
 * with a default value per field). Rules read every field as a fact; the service reads the two it
 * needs outside the rules.
 *
 * @param scoreHalfLife      the lead score halves after this long without new points
 * @param buyingCenterWindow people of an account active within this window form the buying center
 * @param values             every setting by name, in declaration order, for the status page
 */
public record JourneySettings(Duration scoreHalfLife, Duration buyingCenterWindow, Map<String, Object> values) {

    /** The fields the service itself reads; both in whole days. */
    public static final String SCORE_HALF_LIFE_DAYS = "scoreHalfLifeDays";
    public static final String BUYING_CENTER_DAYS = "buyingCenterDays";

    /** Without journey rules: no decay, no buying center. */
    public static final JourneySettings NONE = new JourneySettings(null, Duration.ZERO, Map.of());

    public JourneySettings {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
}
