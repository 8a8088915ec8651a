package de.wegweiser.http;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.Taxonomy;
import java.util.List;

/**
 * Reads one contact of a mailing file with the very reader of {@code POST /api/v1/recommendations}:
 * the same fields, defaults and messages, so a file is valid exactly when its contacts would be as
 * requests.
 */
public final class ContactLine {

    private ContactLine() {}

    /** The contact, or null and what is wrong with it. */
    public record Read(Contact contact, List<FieldError> errors) {
        /** The problems in one line: {@code role: unknown role 'ceo2'; did you mean 'ceo'?; phase: missing; ...} */
        public String problem() {
            return String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        }
    }

    /** The fields a contact of a file may have. */
    public static List<String> fields() { return RequestReader.CONTACT_FIELDS; }

    public static Read read(Taxonomy taxonomy, JsonNode node) {
        RequestReader reader = new RequestReader(taxonomy);
        Contact contact = reader.contactLine(node);
        List<FieldError> errors = reader.errors();
        return new Read(errors.isEmpty() ? contact : null, errors);
    }
}
