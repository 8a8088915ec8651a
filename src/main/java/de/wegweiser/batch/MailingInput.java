package de.wegweiser.batch;

import de.wegweiser.domain.Account;
import de.wegweiser.domain.Contact;
import java.util.Set;

/** One input of a mailing: a contact to recommend for, or a line that could not be read. */
public sealed interface MailingInput {

    /** Where a resumed run continues after this input: the contact id (stored contacts) or the line number (a file). */
    String position();

    /**
     * A contact to recommend for.
     *
     * @param excluded items never recommended to it whatever the rules say (paused by a journey rule)
     * @param account  its account as the account rules judge it, or null
     */
    record Recipient(String position, Contact contact, Set<String> excluded, Account account) implements MailingInput {}

    /** A line of an input file that is not a valid contact; reported, counted, and skipped. */
    record BadLine(String position, long line, String problem) implements MailingInput {}
}
