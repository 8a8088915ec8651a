package de.wegweiser.rules.conditions;

/**
 * A rule that did not fire for one item and one contact, with the first of its conditions that
 * failed, said in words.
 *
 * @param rule          the rule's name
 * @param file          its file, relative to the rules directory
 * @param line          the line its {@code rule "..."} header is on
 * @param condition     the condition that failed as written in the file, or null when no single
 *                      condition is to blame (the rule is switched off, or all its conditions hold)
 * @param conditionLine the line of that condition, 0 when there is none
 * @param english       why, in English
 * @param german        why, in German
 */
public record NotFired(String rule, String file, int line, String condition, int conditionLine, String english, String german) {

    /** The reason in the contact's language ({@code de} or anything else for English). */
    public String because(String language) {
        return "de".equals(language) ? german : english;
    }
}
