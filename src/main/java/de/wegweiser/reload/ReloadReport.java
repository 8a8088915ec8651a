package de.wegweiser.reload;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one reload attempt.
 *
 * @param outcome  {@code deployed}: a new version is live; {@code unchanged}: the files are the live
 *                 version already; {@code failed}: nothing changed, the problems say why
 * @param trigger  what started it: {@code start}, {@code file change} or {@code admin request}
 * @param live     the version live after the attempt
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReloadReport(String outcome, String trigger, Instant at, long millis, List<ReloadProblem> problems, LoadedVersion live) {

    public static final String DEPLOYED = "deployed";
    public static final String UNCHANGED = "unchanged";
    public static final String FAILED = "failed";

    public ReloadReport {
        problems = List.copyOf(problems);
    }
}
