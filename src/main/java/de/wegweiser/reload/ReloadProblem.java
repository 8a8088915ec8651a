package de.wegweiser.reload;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a new version was not deployed.
 *
 * @param source  {@code catalog}, {@code rules} or {@code scenarios}
 * @param file    file relative to its directory
 * @param line    1-based line, 0 if unknown
 * @param where   the item id, rule name or scenario the problem is in, or null
 * @param sourceLine the offending line of a rule file, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReloadProblem(String source, String file, int line, String where, String message, String sourceLine) {

    public ReloadProblem(String source, String file, int line, String where, String message) {
        this(source, file, line, where, message, null);
    }
}
