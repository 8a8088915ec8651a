package de.wegweiser.rules.conditions;

/**
 * Whether one recommendation rule can fire for one catalog item, judged by the item alone: the
 * rule's conditions on the item are decided (with today's date where the rule uses it); its
 * conditions on the contact are taken as "some contact meets them".
 *
 * @param rule          the rule's name
 * @param file          its file, relative to the rules directory
 * @param line          the line of its header (a decision table's row)
 * @param effect        what the rule does when it fires: {@code recommend}, {@code exclude} or {@code fallback}
 * @param points        the points it gives, when it recommends with a fixed number; else null
 * @param canFire       whether nothing about the item stops it
 * @param everyContact  it can fire and looks at no contact's data: it fires for every contact
 * @param condition     the first condition on the item that fails, as written; null when it can fire
 * @param conditionLine the line of that condition, 0 when there is none
 * @param english       why it cannot fire, in English; null when it can
 * @param german        the same in German
 */
public record RuleFit(String rule, String file, int line, String effect, Double points, boolean canFire, boolean everyContact,
                      String condition, int conditionLine, String english, String german) {}
