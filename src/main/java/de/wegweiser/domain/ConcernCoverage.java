package de.wegweiser.domain;

/**
 * Whether the members of one role of the buying center have seen content on one of the concerns
 * that role judges by (the concerns the account rules require of the role, and those its members
 * stated themselves).
 *
 * @param members how many members have the role (0: nobody of the role is known)
 * @param seen    whether one of them consumed an item on the concern
 */
public record ConcernCoverage(String role, String concern, int members, boolean seen) {}
