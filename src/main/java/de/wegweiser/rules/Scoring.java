package de.wegweiser.rules;

import de.wegweiser.domain.ContentItem;

/**
 * The vocabulary of a rule's right-hand side. Import in a DRL file with
 * {@code import function de.wegweiser.rules.Scoring.recommend;} (and {@code exclude},
 * {@code fallback}), then write {@code recommend($item, 30, "Hard facts for the evaluation",
 * "Harte Fakten für die Abwägung");}. The rule's name is recorded with each call.
 *
 * <p>Explanations come in English and, optionally, German; the contact's language picks one.
 */
public final class Scoring {

    private Scoring() {}

    /** Adds points to a candidate, with an explanation used for every language. */
    public static void recommend(ContentItem item, double points, String explanation) {
        Scorecard.current().recommend(item, points, explanation, null);
    }

    /** Adds points to a candidate, with an English and a German explanation. */
    public static void recommend(ContentItem item, double points, String english, String german) {
        Scorecard.current().recommend(item, points, english, german);
    }

    /** Removes an item from the candidates, whatever points other rules give it. */
    public static void exclude(ContentItem item, String reason) {
        Scorecard.current().exclude(item, reason, null);
    }

    public static void exclude(ContentItem item, String english, String german) {
        Scorecard.current().exclude(item, english, german);
    }

    /**
     * Keeps an item only as a fallback: it is ranked behind every item without a fallback,
     * so it shows only when nothing better fits (e.g. content in another language).
     */
    public static void fallback(ContentItem item, String reason) {
        Scorecard.current().fallback(item, reason, null);
    }

    public static void fallback(ContentItem item, String english, String german) {
        Scorecard.current().fallback(item, english, german);
    }

    /** The display name of a taxonomy id (role, concern, topic, format) in the contact's language. */
    public static String label(String termId) {
        return Scorecard.current().label(termId);
    }
}
