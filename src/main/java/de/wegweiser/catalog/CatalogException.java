package de.wegweiser.catalog;

import java.util.List;

/** The catalog could not be loaded; carries every problem found, not just the first. */
public class CatalogException extends Exception {

    private final List<CatalogProblem> problems;

    public CatalogException(String directory, List<CatalogProblem> problems) {
        super(report(directory, problems));
        this.problems = List.copyOf(problems);
    }

    public List<CatalogProblem> problems() { return problems; }

    private static String report(String directory, List<CatalogProblem> problems) {
        StringBuilder text = new StringBuilder("Catalog in ").append(directory).append(" has ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        for (CatalogProblem problem : problems) text.append("\n  ").append(problem.describe());
        return text.toString();
    }
}
