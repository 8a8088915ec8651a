package de.wegweiser.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document, optionally with field errors, and with the problems of rule or
 * catalog files that stopped a deployment (in the structure of the admin status).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors,
                      List<de.wegweiser.reload.ReloadProblem> problems) {
    public static final String CONTENT_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
        this(type, title, status, detail, instance, errors, List.of());
    }

    /** The title of a problem with this status, when nothing more specific is known. */
    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 408 -> "Request timeout";
            case 413 -> "Request body too large";
            case 414 -> "URI too long";
            case 415 -> "Unsupported media type";
            case 429 -> "Too many requests";
            case 431 -> "Request headers too large";
            case 500 -> "Internal server error";
            case 503 -> "Service unavailable";
            case 505 -> "HTTP version not supported";
            default -> "HTTP " + status;
        };
    }
}
