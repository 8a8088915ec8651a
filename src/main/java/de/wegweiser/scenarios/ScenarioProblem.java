package de.wegweiser.scenarios;

import de.wegweiser.files.SourceFiles;

/**
 * One mistake in a scenario file.
 *
 * @param file     file name relative to the scenarios directory
 * @param line     1-based line, 0 if unknown
 * @param column   1-based column, 0 if unknown
 * @param scenario the scenario's name ({@code #3} for the third when it has none), or null when the
 *                 mistake is not inside a scenario
 * @param field    where in the scenario, e.g. {@code contact.concerns[1]} or {@code expect.inTop.formats}, or null
 */
public record ScenarioProblem(String file, int line, int column, String scenario, String field, String message) {

    /** {@code buying-center.yaml:14:17 scenario "CEO ..." field 'contact.concerns[0]': unknown concern 'prise'; did you mean 'price'?} */
    public String describe() {
        return describe(file);
    }

    /** The same with the file written as the reader knows it, e.g. {@code rules/scenarios/buying-center.yaml}. */
    public String describe(String shownFile) {
        StringBuilder text = new StringBuilder(SourceFiles.location(shownFile, line, column));
        if (scenario != null) text.append(scenario.startsWith("#") ? " scenario " + scenario : " scenario \"" + scenario + '"');
        if (field != null) text.append(" field '").append(field).append('\'');
        return text.append(": ").append(message).toString();
    }
}
