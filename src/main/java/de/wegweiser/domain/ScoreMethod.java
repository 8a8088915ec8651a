package de.wegweiser.domain;

import java.util.Collection;
import java.util.Locale;

/** How an account's engagement score combines its members' lead scores (an account rule chooses). */
public enum ScoreMethod {
    /** Every engaged person adds to the account's interest. */
    SUM,
    /** The typical member's interest. */
    AVERAGE,
    /** The most engaged person speaks for the account. */
    MAX;

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public double combine(Collection<Double> scores) {
        if (scores.isEmpty()) return 0;
        double sum = 0;
        double max = 0;
        for (double score : scores) {
            sum += score;
            max = Math.max(max, score);
        }
        return switch (this) {
            case SUM -> sum;
            case AVERAGE -> sum / scores.size();
            case MAX -> max;
        };
    }
}
