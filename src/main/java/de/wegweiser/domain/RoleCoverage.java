package de.wegweiser.domain;

import java.util.Set;

/**
 * One role the buying center needs, as the account rules say, and how far it is covered.
 *
 * @param members         how many members have the role
 * @param concerns        what the role judges by
 * @param seenConcerns    of those, what the role's members have seen content on
 * @param missingConcerns of those, what nobody of the role has seen content on
 */
public record RoleCoverage(String role, int members, Set<String> concerns, Set<String> seenConcerns, Set<String> missingConcerns) {
    public RoleCoverage {
        concerns = Set.copyOf(concerns);
        seenConcerns = Set.copyOf(seenConcerns);
        missingConcerns = Set.copyOf(missingConcerns);
    }
}
