package de.wegweiser.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found while loading a catalog, in file order: the first
 * {@value CatalogException#MAX_REPORTED_PROBLEMS} kept, all counted. A file of half a million
 * broken items costs a count, not half a million messages held in memory.
 */
final class Problems {

    private final List<CatalogProblem> first = new ArrayList<>();
    private int count;

    void add(CatalogProblem problem) {
        if (first.size() < CatalogException.MAX_REPORTED_PROBLEMS) first.add(problem);
        count++;
    }

    boolean isEmpty() { return count == 0; }

    CatalogException exception(String directory) {
        return new CatalogException(directory, first, count);
    }
}
