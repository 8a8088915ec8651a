package de.wegweiser.rules;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * A rules spreadsheet (Drools decision table, CSV) as the marketer keeps it in Excel or
 * LibreOffice: one row per rule, a column per condition or part of the action. Drools' own
 * decision-table compiler turns it into DRL, which then passes the same safety check, lint and
 * compiler as a hand-written file, and keeps the fast top-k evaluation when its rules have the
 * usual shape.
 *
 * <p>Before that, every cell is checked here, so a mistake is reported at its cell ("row 7, column
 * Formats") instead of at a line of generated DRL: taxonomy terms with "did you mean", phases
 * (written as in the API, ids or aliases, and turned into the {@code JourneyPhase} constant the
 * template names), points that must be numbers, empty cells and double quotes in texts. Problems the
 * later steps find in the generated DRL are moved to the row the rule was made from.
 */
final class DecisionTable {

    /** The block of a decision table: keyword row, object types, templates, column titles, then rules. */
    private static final String RULE_TABLE = "RuleTable";
    private static final Pattern DROOLS_ROW = Pattern.compile("// rule values at [A-Z]+(\\d+)");
    private static final Pattern TERM_FIELD = Pattern.compile("\\b(format|concerns|roles|topics|language)\\b");
    private static final Pattern PHASE_CONSTANT = Pattern.compile("JourneyPhase\\.\\$param\\b");

    private final String file;
    /** The generated DRL, or null when a cell was wrong (the table is then not compiled). */
    private final String drl;
    private final List<RuleProblem> problems;
    /** Generated DRL line of each rule -> the CSV line it was made from. */
    private final NavigableMap<Integer, Integer> rowOfLine;

    private DecisionTable(String file, String drl, List<RuleProblem> problems, NavigableMap<Integer, Integer> rowOfLine) {
        this.file = file;
        this.drl = drl;
        this.problems = List.copyOf(problems);
        this.rowOfLine = rowOfLine;
    }

    String drl() { return drl; }

    List<RuleProblem> problems() { return problems; }

    /**
     * Reads and checks the table, and compiles it to DRL when every cell is right.
     *
     * @param taxonomy the terms cells may hold; null skips that check
     */
    static DecisionTable read(String file, String text, Taxonomy taxonomy) {
        List<Row> rows;
        try {
            rows = rows(text);
        } catch (IOException | RuntimeException e) {
            return new DecisionTable(file, null, List.of(problem(ProblemCode.SYNTAX, file, 0, 0, null,
                    "not a CSV file Wegweiser can read: " + e.getMessage())), new TreeMap<>());
        }
        List<RuleProblem> problems = new ArrayList<>();
        boolean tables = false;
        for (int i = 0; i < rows.size(); i++) {
            if (!cell(rows.get(i), 0).startsWith(RULE_TABLE)) continue;
            tables = true;
            i = checkTable(file, rows, i, taxonomy, problems);
        }
        if (!tables) {
            problems.add(problem(ProblemCode.SYNTAX, file, 1, 0, null,
                    "no 'RuleTable' row: a decision table starts its rules with a row 'RuleTable <name>', see docs"));
        }
        if (!problems.isEmpty()) return new DecisionTable(file, null, problems, new TreeMap<>());
        String generated;
        try {
            generated = new SpreadsheetCompiler().compile(new ByteArrayInputStream(csv(rows).getBytes(StandardCharsets.UTF_8)), InputType.CSV);
        } catch (RuntimeException e) {
            return new DecisionTable(file, null, List.of(problem(ProblemCode.SYNTAX, file, 0, 0, null,
                    "Drools could not read the decision table: " + e.getMessage())), new TreeMap<>());
        }
        NavigableMap<Integer, Integer> rowOfLine = new TreeMap<>();
        List<String> lines = generated.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = DROOLS_ROW.matcher(lines.get(i));
            int index = m.find() ? Integer.parseInt(m.group(1)) - 1 : -1; // Drools counts the rows it was given from 1
            if (index >= 0 && index < rows.size()) rowOfLine.put(i + 1, rows.get(index).line());
        }
        return new DecisionTable(file, generated, List.of(), rowOfLine);
    }

    /** A problem the safety check, the lint or Drools found in the generated DRL, moved to the row the rule came from. */
    RuleProblem mapped(RuleProblem problem) {
        Map.Entry<Integer, Integer> row = rowOfLine.floorEntry(Math.max(problem.line(), 0));
        int line = row == null ? 0 : row.getValue();
        String where = row == null ? "" : " (in the rule made from row " + line + ")";
        return new RuleProblem(problem.code(), file, line, 0, problem.severity(), problem.rule(), problem.message() + where, null);
    }

    /** The CSV line a rule was made from, for a generated DRL line of it. */
    int row(int drlLine) {
        Map.Entry<Integer, Integer> row = rowOfLine.floorEntry(drlLine);
        return row == null ? 0 : row.getValue();
    }

    // ---------------------------------------------------------------- checking cells

    /** Checks one RuleTable block from its keyword row; returns the index of its last row. */
    private static int checkTable(String file, List<Row> rows, int start, Taxonomy taxonomy, List<RuleProblem> problems) {
        if (start + 4 >= rows.size()) {
            problems.add(problem(ProblemCode.SYNTAX, file, rows.get(start).line(), 1, null,
                    "the table needs four rows after 'RuleTable': column kinds (CONDITION, ACTION, ...), fact types, templates, column titles"));
            return rows.size();
        }
        Row kinds = rows.get(start + 1);
        Row templates = rows.get(start + 3);
        Row titles = rows.get(start + 4);
        int i = start + 5;
        for (; i < rows.size() && !rows.get(i).isBlank(); i++) {
            Row row = rows.get(i);
            String rule = null;
            for (int c = 0; c < kinds.cells().size(); c++) {
                String kind = cell(kinds, c).strip().toUpperCase(java.util.Locale.ROOT);
                if (kind.isEmpty()) continue;
                String value = cell(row, c).strip();
                String title = cell(titles, c).isBlank() ? "column " + (c + 1) : cell(titles, c).strip();
                String at = "row %d, column %s".formatted(row.line(), title);
                if (kind.equals("NAME")) rule = value;
                if (value.isEmpty()) {
                    problems.add(problem(ProblemCode.SYNTAX, file, row.line(), c + 1, rule,
                            at + " is empty: every rule of the table needs a value in each column"));
                    continue;
                }
                if (value.contains("\"")) {
                    problems.add(problem(ProblemCode.SYNTAX, file, row.line(), c + 1, rule,
                            at + ": a cell may not contain double quotes (\"); write „...“ or '...' instead"));
                    continue;
                }
                String template = cell(templates, c);
                row.cells().set(c, checkCell(file, row, c, rule, at, value, template, taxonomy, problems));
            }
        }
        return i;
    }

    /** The cell as Drools gets it: phases turned into constants; problems for unknown terms, phases and numbers. */
    private static String checkCell(String file, Row row, int column, String rule, String at, String value, String template,
                                    Taxonomy taxonomy, List<RuleProblem> problems) {
        if (PHASE_CONSTANT.matcher(template).find()) {
            var phase = JourneyPhase.parse(value);
            if (phase.isPresent()) return phase.get().name();
            problems.add(problem(ProblemCode.UNKNOWN_TERM, file, row.line(), column + 1, rule,
                    at + ": " + Taxonomy.unknownMessage("phase", value, JourneyPhase.ids())));
            return value;
        }
        if (template.contains("recommend($item, $param")) {
            if (!value.matches("-?\\d+(\\.\\d+)?")) {
                problems.add(problem(ProblemCode.WRONG_TYPE, file, row.line(), column + 1, rule,
                        at + ": the points must be a number, e.g. 20; got '" + value + "'"));
            }
            return value;
        }
        Matcher field = TERM_FIELD.matcher(template);
        if (taxonomy != null && field.find()) {
            TermKind kind = switch (field.group(1)) {
                case "format" -> TermKind.FORMAT;
                case "concerns" -> TermKind.CONCERN;
                case "roles" -> TermKind.ROLE;
                case "topics" -> TermKind.TOPIC;
                default -> TermKind.LANGUAGE;
            };
            List<String> values = template.contains("forall(") ? List.of(value.split(",")) : List.of(value);
            for (String term : values) {
                if (!taxonomy.knows(kind, term.strip())) {
                    problems.add(problem(ProblemCode.UNKNOWN_TERM, file, row.line(), column + 1, rule,
                            at + ": " + taxonomy.unknownTermMessage(kind, term.strip())));
                }
            }
        }
        return value;
    }

    // ---------------------------------------------------------------- CSV

    /** One CSV record and the line of the file it starts on. */
    private record Row(int line, List<String> cells) {
        boolean isBlank() { return cells.stream().allMatch(String::isBlank); }
    }

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private static List<Row> rows(String text) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = CSV.readerForListOf(String.class).readValues(text)) {
            while (it.hasNextValue()) {
                int line = it.getCurrentLocation().getLineNr();
                rows.add(new Row(line, new ArrayList<>(it.nextValue())));
            }
        }
        return rows;
    }

    private static String csv(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        for (Row row : rows) {
            List<String> quoted = row.cells().stream().map(c -> "\"" + c.replace("\"", "\"\"") + "\"").toList();
            out.append(String.join(",", quoted)).append('\n');
        }
        return out.toString();
    }

    private static String cell(Row row, int column) {
        return column < row.cells().size() && row.cells().get(column) != null ? row.cells().get(column) : "";
    }

    private static RuleProblem problem(ProblemCode code, String file, int line, int column, String rule, String message) {
        return new RuleProblem(code, file, line, column, Severity.ERROR, rule, message, null);
    }
}
