package de.wegweiser.rules;

import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;

/** What a journey rule said about the event it judged: one call of a {@link Journey} helper. */
public sealed interface JourneyEffect {

    /** The name of the rule that said it. */
    String rule();

    record PhaseMove(String rule, JourneyPhase phase, String reasonEn, String reasonDe) implements JourneyEffect {}

    record StatusChange(String rule, LifecycleStatus status, String reasonEn, String reasonDe) implements JourneyEffect {}

    record Points(String rule, double points, String reasonEn, String reasonDe) implements JourneyEffect {}

    record Consumption(String rule, String itemId) implements JourneyEffect {}

    record Pause(String rule, String itemId, int days, String reasonEn, String reasonDe) implements JourneyEffect {}
}
