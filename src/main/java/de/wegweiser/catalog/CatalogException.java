package de.wegweiser.catalog;

import java.util.List;
import java.util.Locale;

/**
 * The catalog could not be loaded; carries the problems found, not just the first: the first
 * {@value #MAX_REPORTED_PROBLEMS} in file order, and how many there are in all. A file of 20,000
 * broken items gives a report a marketer can read, not 20,000 lines.
 */
public class CatalogException extends Exception {

    /** Problems listed; the rest are only counted ("and 19,900 more problems"). */
    public static final int MAX_REPORTED_PROBLEMS = 100;

    private final List<CatalogProblem> problems;
    private final int count;

    public CatalogException(String directory, List<CatalogProblem> problems) {
        this(directory, problems, problems.size());
    }

    /**
     * @param problems the problems found, in file order; only the first {@value #MAX_REPORTED_PROBLEMS} are kept
     * @param count    how many problems were found in all, at least {@code problems.size()}
     */
    public CatalogException(String directory, List<CatalogProblem> problems, int count) {
        super(report(directory, first(problems), Math.max(count, problems.size())));
        this.problems = first(problems);
        this.count = Math.max(count, problems.size());
    }

    private static List<CatalogProblem> first(List<CatalogProblem> problems) {
        return List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_REPORTED_PROBLEMS)));
    }

    /** The first {@value #MAX_REPORTED_PROBLEMS} problems, in file order. */
    public List<CatalogProblem> problems() { return problems; }

    /** How many problems were found in all. */
    public int count() { return count; }

    /** How many problems were found but are not in {@link #problems()}. */
    public int unreported() { return count - problems.size(); }

    private static String report(String directory, List<CatalogProblem> problems, int count) {
        // one builder: a report of thousands of problems was once built by concatenation, for minutes
        StringBuilder text = new StringBuilder("Catalog in ").append(directory).append(" has ")
                .append(problems(count)).append(':');
        for (CatalogProblem problem : problems) text.append("\n  ").append(problem.describe());
        if (count > problems.size()) text.append("\n  and ").append(more(count - problems.size()));
        return text.toString();
    }

    /** {@code 1 problem}, {@code 20,000 problems}. */
    public static String problems(int count) {
        return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? "problem" : "problems");
    }

    /** {@code 1 more problem}, {@code 19,900 more problems}. */
    public static String more(int count) {
        return String.format(Locale.ROOT, "%,d more %s", count, count == 1 ? "problem" : "problems");
    }
}
