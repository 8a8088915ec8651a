package de.wegweiser.domain;

/**
 * How many members of an account have reached a phase (are in it or beyond it): one fact per
 * phase, so a rule can say "most of the active people have reached consideration".
 *
 * @param members       members in the phase or beyond
 * @param activeMembers active members in the phase or beyond
 */
public record PhaseReach(JourneyPhase phase, int members, int activeMembers) {}
