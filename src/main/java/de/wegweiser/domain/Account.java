package de.wegweiser.domain;

import java.util.Set;

/**
 * A company as a whole: the stored contacts with the same {@code account}, seen together as the
 * buying center. Account rules ({@code rules/account/*.drl}) read it to decide the account's phase,
 * status and gaps; recommendation rules may read it to choose content for one member with the whole
 * group in mind.
 *
 * @param id              the account id the CMS gave the contacts
 * @param members         how many stored contacts belong to the account
 * @param activeMembers   how many of them engaged within the setting {@code activeDays}
 * @param phase           the account's phase as the account rules decided it; null while they have not
 * @param status          the account's lifecycle status as the account rules decided it, or null
 * @param roles           the roles of the members
 * @param missingRoles    roles the buying center needs and no member has
 * @param coveredConcerns concerns of the buying center some member of the right role has seen content on
 * @param missingConcerns concerns of the buying center nobody of the right role has seen content on yet
 */
public record Account(String id, int members, int activeMembers, JourneyPhase phase, LifecycleStatus status,
                      Set<String> roles, Set<String> missingRoles, Set<String> coveredConcerns, Set<String> missingConcerns) {

    public Account {
        roles = Set.copyOf(roles);
        missingRoles = Set.copyOf(missingRoles);
        coveredConcerns = Set.copyOf(coveredConcerns);
        missingConcerns = Set.copyOf(missingConcerns);
    }

    /** Someone of the account bought: status customer. */
    public boolean isCustomer() { return status == LifecycleStatus.CUSTOMER; }

    /** Every role the buying center needs has a member, and every concern was seen. */
    public boolean isComplete() { return missingRoles.isEmpty() && missingConcerns.isEmpty(); }

    /** {@code Account( misses("roi") )}: nobody of the role that judges it has seen content on the concern. */
    public boolean misses(String concern) { return missingConcerns.contains(concern); }

    /** {@code Account( lacksRole("it") )}: the buying center needs the role and no member has it. */
    public boolean lacksRole(String role) { return missingRoles.contains(role); }

    /** The account's phase is known and lies before the given one. */
    public boolean phaseBefore(JourneyPhase other) { return phase != null && phase.isBefore(other); }
}
