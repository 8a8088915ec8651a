package de.wegweiser.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.wegweiser.domain.Deployment;
import de.wegweiser.reload.ReloadProblem;
import java.util.List;

/**
 * What a draft would do if it went live: whether it may (nothing stops it), the problems that stop
 * it and the warnings that do not (both in the structure of the admin status), the scenarios, and
 * how the top N changes for every scenario and generated contact.
 *
 * @param problems     the first problems, as many as a reload report lists
 * @param moreProblems how many problems there are beyond those listed
 * @param versions     the versions the draft would have live; null when it does not load or compile
 * @param diff         null when the draft does not load or compile: there is nothing to compare
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DraftReport(boolean valid, List<ReloadProblem> problems, @JsonInclude(JsonInclude.Include.NON_DEFAULT) int moreProblems,
                          List<ReloadProblem> warnings, Scenarios scenarios, Diff diff, Deployment.Versions versions) {

    public DraftReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /**
     * The marketers' scenarios on the draft.
     *
     * @param ran    false when the draft did not load or compile, so no scenario could run
     * @param passed scenarios without a failure
     */
    public record Scenarios(boolean ran, int total, int passed, List<Failed> failed) {
        public Scenarios {
            failed = List.copyOf(failed);
        }
    }

    /** One failed scenario expectation, or a mistake in a scenario file (then {@code name} may be null). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failed(String name, String file, int line, String message) {}

    /**
     * The top N before (live) and after (draft), for the contacts whose top N changed.
     *
     * @param contacts how many contacts were compared
     * @param changed  how many of them have a different top N; {@code entries} lists at most {@link Drafts#MAX_DIFF_ENTRIES}
     */
    public record Diff(int top, int contacts, int changed, List<Entry> entries) {
        public Diff {
            entries = List.copyOf(entries);
        }
    }

    /** One contact whose top N changed, with both lists and what moved. */
    public record Entry(Contact contact, List<Item> before, List<Item> after, List<Move> changes) {}

    /**
     * A compared contact: a scenario's (by its name) or a generated one (phase / role / language).
     *
     * @param source {@code scenario} or {@code generated}
     */
    public record Contact(String label, String source, String role, String phase, String language) {}

    /** An item of a top N, with its title for people; the title is null for an item the catalog no longer has. */
    public record Item(String id, String title) {}

    /**
     * One item that entered, left or moved in the top N, or kept its place with another score.
     *
     * @param change         {@code entered}, {@code left}, {@code moved} or {@code score}
     * @param positionBefore 1-based place among all candidates before; null when it was no candidate
     * @param excludedBefore the rule that excluded it before, if one did
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Move(String change, String id, Integer positionBefore, Integer positionAfter, double scoreBefore, double scoreAfter,
                       String excludedBefore, String excludedAfter) {}
}
