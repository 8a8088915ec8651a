package de.wegweiser.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What is wrong with one request field.
 *
 * @param field   JSON path of the field, e.g. {@code contact.concerns[1]}
 * @param allowed the accepted values, when they form a short closed list
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FieldError(String field, String message, List<String> allowed) {
    public FieldError(String field, String message) {
        this(field, message, List.of());
    }
}
