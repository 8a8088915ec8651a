package de.wegweiser.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.wegweiser.catalog.CatalogProblem;
import de.wegweiser.rules.RuleProblem;
import de.wegweiser.scenarios.ScenarioProblem;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One problem in a file a marketer edits, from the catalog, the rules or the scenarios, in one
 * shape for the text report and for CI: the file as the user named it (e.g. {@code rules/hygiene.drl}).
 *
 * @param code     what kind of problem (rules: e.g. {@code import-not-allowed}), for programs; null where there is none yet
 * @param severity {@code error} or {@code warning}
 * @param context  rule, item or scenario the problem is in, as {@code rule "..."}, or null
 * @param source   the offending line of a rule file, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Finding(String code, String file, int line, int column, String severity, String context, String field, String message, String source) {

    static Finding of(Path dir, RuleProblem p) {
        return new Finding(p.code().id(), shown(dir, p.file()), p.line(), p.column(), p.severity().name().toLowerCase(Locale.ROOT),
                p.rule() == null ? null : "rule \"" + p.rule() + "\"", null, p.message(),
                p.sourceLine() == null || p.sourceLine().isBlank() ? null : p.sourceLine().strip());
    }

    static Finding of(Path dir, CatalogProblem p) {
        return new Finding(null, shown(dir, p.file()), p.line(), 0, "error", p.itemId() == null ? null : "item '" + p.itemId() + "'",
                p.field(), p.message(), null);
    }

    static Finding of(Path dir, ScenarioProblem p) {
        String scenario = p.scenario() == null ? null : p.scenario().startsWith("#") ? "scenario " + p.scenario() : "scenario \"" + p.scenario() + "\"";
        return new Finding(null, shown(dir, p.file()), p.line(), p.column(), "error", scenario, p.field(), p.message(), null);
    }

    /**
     * {@code rules/hygiene.drl:12:5 (rule "X"): warning: message} and the source line below it;
     * {@code content-catalog/webinars.yaml:3 item 'x' field 'eventDate': message}.
     */
    String describe() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) text.append(':').append(line);
        if (line > 0 && column > 0) text.append(':').append(column);
        // as the service prints them at start: (rule "...") for rules, item '...' and scenario "..." without brackets
        if (context != null) text.append(context.startsWith("rule ") ? " (" + context + ")" : " " + context);
        if (field != null) text.append(" field '").append(field).append('\'');
        text.append(": ");
        if (severity.equals("warning")) text.append("warning: ");
        text.append(message);
        if (source != null) text.append("\n      > ").append(source);
        return text.toString();
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    boolean isError() { return severity.equals("error"); }

    /** A file inside the directory as the user would type it; the directory itself when the problem is about it. */
    private static String shown(Path dir, String file) {
        if (file == null || file.isBlank() || file.equals(dir.toString())) return dir.toString();
        return dir.resolve(file).toString().replace('\\', '/');
    }
}
