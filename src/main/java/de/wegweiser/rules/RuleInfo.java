package de.wegweiser.rules;

/** A compiled rule and where it was written. */
public record RuleInfo(String name, String file, int line) {}
