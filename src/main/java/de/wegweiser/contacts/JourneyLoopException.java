package de.wegweiser.contacts;

import java.util.Collection;

/** The journey rules kept changing a contact's state for one event: two rules undo each other. */
public class JourneyLoopException extends RuntimeException {

    public JourneyLoopException(String eventId, int rounds, Collection<String> rules) {
        super("the journey rules did not settle for event '%s' after %d rounds; these rules kept changing the state: %s"
                .formatted(eventId, rounds, String.join(", ", rules)));
    }
}
