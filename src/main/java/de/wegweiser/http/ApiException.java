package de.wegweiser.http;

import de.wegweiser.reload.ReloadProblem;
import java.util.List;

/** Thrown by handlers; the exception mapper answers it as problem+json. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private final List<ReloadProblem> problems;

    public ApiException(int status, String title, String detail, List<FieldError> errors) {
        this(status, title, detail, errors, List.of());
    }

    /** @param problems what is wrong in rule or catalog files, e.g. with a deployment that was refused */
    public ApiException(int status, String title, String detail, List<FieldError> errors, List<ReloadProblem> problems) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.problems = List.copyOf(problems);
    }

    public static ApiException badRequest(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid; see errors";
        return new ApiException(400, "Invalid request", detail, errors);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail, List.of());
    }

    public int status() { return status; }

    public String title() { return title; }

    public List<FieldError> errors() { return errors; }

    public List<ReloadProblem> problems() { return problems; }
}
