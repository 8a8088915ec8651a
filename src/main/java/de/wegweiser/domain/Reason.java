package de.wegweiser.domain;

/**
 * Why an item gained points or was dropped: the rule's name, its points (0 for exclusions and
 * fallbacks) and its explanation in the contact's language.
 */
public record Reason(String rule, double points, String explanation) {}
