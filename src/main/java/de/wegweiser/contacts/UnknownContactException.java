package de.wegweiser.contacts;

/** No contact with this id is stored. */
public class UnknownContactException extends RuntimeException {

    private final String contactId;

    public UnknownContactException(String contactId) {
        super("no contact with id '%s'; create it with PUT /api/v1/contacts/%s first".formatted(contactId, contactId));
        this.contactId = contactId;
    }

    public String contactId() { return contactId; }
}
