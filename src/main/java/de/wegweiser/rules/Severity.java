package de.wegweiser.rules;

/** How bad a finding in a rule file is: errors stop the rules from loading, warnings do not. */
public enum Severity {
    ERROR,
    WARNING
}
