package de.wegweiser.reload;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.wegweiser.rules.RuleProblem;

/**
 * One reason a new version was not deployed, or one warning about the live version: the same
 * structure for both.
 *
 * @param source  {@code catalog}, {@code rules} or {@code scenarios}
 * @param file    file relative to its directory
 * @param line    1-based line, 0 if unknown
 * @param column  1-based column, 0 (left out) if unknown
 * @param where   the item id, rule name or scenario the problem is in, or null
 * @param sourceLine the offending line of a rule file, or null
 * @param code    what kind of problem it is ({@code unknown-item-id}), for programs; null where none is defined
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReloadProblem(String source, String file, int line, @JsonInclude(JsonInclude.Include.NON_DEFAULT) int column,
                            String where, String message, String sourceLine, String code) {

    public ReloadProblem(String source, String file, int line, String where, String message, String sourceLine) {
        this(source, file, line, 0, where, message, sourceLine, null);
    }

    public ReloadProblem(String source, String file, int line, String where, String message) {
        this(source, file, line, where, message, null);
    }

    /** A problem or warning in a rule file, with its column and code. */
    public static ReloadProblem of(RuleProblem p) {
        return new ReloadProblem("rules", p.file(), p.line(), p.column(), p.rule(), p.message(),
                p.sourceLine() == null ? null : p.sourceLine().strip(), p.code().id());
    }
}
