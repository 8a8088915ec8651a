package de.wegweiser.rules;

/**
 * Marks one planning run: every generated planner rule matches it, so a rule whose only pattern is
 * the item is still planned once per request. Identity equality on purpose.
 */
public final class PlanRequest {}
