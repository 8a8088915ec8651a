package de.wegweiser.reload;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.wegweiser.catalog.CatalogException;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one reload attempt.
 *
 * @param outcome      {@code deployed}: a new version is live; {@code unchanged}: the files are the live
 *                     version already; {@code failed}: nothing changed, the problems say why
 * @param trigger      what started it: {@code start}, {@code file change} or {@code admin request}
 * @param problems     the first {@value #MAX_PROBLEMS} problems
 * @param moreProblems how many problems there are beyond those listed; left out when none
 * @param live         the version live after the attempt
 * @param resolvedBy   for a failure: the reload that resolved it, or null (left out) while it still holds
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReloadReport(String outcome, String trigger, Instant at, long millis, List<ReloadProblem> problems,
                           @JsonInclude(JsonInclude.Include.NON_DEFAULT) int moreProblems, LoadedVersion live,
                           Resolution resolvedBy) {

    /**
     * A failure that no longer holds: a later reload deployed (or found the live files back in place).
     *
     * @param at the time of that reload; the versions are what went live with it
     */
    public record Resolution(Instant at, String rulesVersion, String catalogVersion, String journeyRulesVersion,
                             String accountRulesVersion) {}

    public ReloadReport(String outcome, String trigger, Instant at, long millis, List<ReloadProblem> problems, int moreProblems,
                        LoadedVersion live) {
        this(outcome, trigger, at, millis, problems, moreProblems, live, null);
    }

    /** The same failure, marked as resolved. */
    public ReloadReport resolvedBy(Resolution resolution) {
        return new ReloadReport(outcome, trigger, at, millis, problems, moreProblems, live, resolution);
    }

    public static final String DEPLOYED = "deployed";
    public static final String UNCHANGED = "unchanged";
    public static final String FAILED = "failed";

    /** Problems listed in a report, as many as a catalog lists; the rest are counted. */
    public static final int MAX_PROBLEMS = CatalogException.MAX_REPORTED_PROBLEMS;

    public ReloadReport {
        problems = List.copyOf(problems);
    }

    /**
     * A report listing the first {@value #MAX_PROBLEMS} problems and counting the rest.
     *
     * @param unreported problems found but already left out of {@code problems}, e.g. by the catalog loader
     */
    public static ReloadReport of(String outcome, String trigger, Instant at, long millis, List<ReloadProblem> problems,
                                  int unreported, LoadedVersion live) {
        int kept = Math.min(problems.size(), MAX_PROBLEMS);
        return new ReloadReport(outcome, trigger, at, millis, problems.subList(0, kept), unreported + problems.size() - kept, live);
    }
}
