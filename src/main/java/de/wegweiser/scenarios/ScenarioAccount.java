package de.wegweiser.scenarios;

import de.wegweiser.domain.Contact;
import java.util.List;

/**
 * The company of an account scenario: several colleagues, each with what they did, judged
 * together by the account rules ("three people of one machine builder; finance has seen nothing
 * on return on investment").
 *
 * @param id      the account id the members share
 * @param members each member's starting state and events, in the order written
 */
public record ScenarioAccount(String id, List<Member> members) {
    public ScenarioAccount {
        members = List.copyOf(members);
    }

    /** One colleague: the contact as it starts (phase non-awareness unless given) and its events, possibly none. */
    public record Member(int line, Contact contact, List<ScenarioEvent> events) {
        public Member {
            events = List.copyOf(events);
        }
    }
}
