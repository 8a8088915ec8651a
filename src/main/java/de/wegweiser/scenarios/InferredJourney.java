package de.wegweiser.scenarios;

import de.wegweiser.domain.ContactState;
import de.wegweiser.domain.JourneyChange;
import de.wegweiser.domain.JourneyPhase;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a scenario's events brought its contact, as the journey rules inferred it.
 *
 * @param score    the lead score at the check's time
 * @param changes  phases, statuses, points and pauses, in order
 * @param consumed the items consumed, before and through the events
 */
public record InferredJourney(ContactState state, double score, List<JourneyChange> changes, Set<String> consumed) {
    public InferredJourney {
        changes = List.copyOf(changes);
        consumed = Set.copyOf(consumed);
    }

    /** The phase or status changes in words: {@code non-awareness -> awareness ("First content view: awareness", event e1)}. */
    public String history(JourneyChange.Kind kind, String start) {
        List<JourneyChange> moves = changes.stream().filter(c -> c.kind() == kind).toList();
        if (moves.isEmpty()) return "no rule changed it from " + start;
        return start + moves.stream().map(c -> " -> " + c.to() + " (\"" + c.rule() + "\", event " + c.eventId() + ")")
                .collect(Collectors.joining());
    }

    public String phaseHistory(JourneyPhase start) { return history(JourneyChange.Kind.PHASE, start.id()); }
}
