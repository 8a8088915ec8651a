package de.wegweiser.insights;

import de.wegweiser.insights.InsightService.GapCell;
import de.wegweiser.insights.InsightService.GapReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The content-gap report as CSV and as a table to read, for the HTTP API and the command line alike. */
public final class GapTable {

    private GapTable() {}

    public static String csv(GapReport report) {
        StringBuilder out = new StringBuilder("phase,role,language" + (report.byConcern() ? ",concern" : "") + ",items,missing,contacts,item_ids\n");
        for (GapCell c : report.cells()) {
            out.append(c.phase()).append(',').append(c.role()).append(',').append(c.language());
            if (report.byConcern()) out.append(',').append(c.concern());
            out.append(',').append(c.items()).append(',').append(c.missing()).append(',').append(c.contacts())
                    .append(",\"").append(String.join(" ", c.itemIds())).append("\"\n");
        }
        return out.toString();
    }

    public static String table(GapReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(report.byConcern() ? new String[] {"PHASE", "ROLE", "LANG", "CONCERN", "ITEMS", "MISSING", "CONTACTS"}
                : new String[] {"PHASE", "ROLE", "LANG", "ITEMS", "MISSING", "CONTACTS"});
        long gaps = 0;
        for (GapCell c : report.cells()) {
            if (c.missing() > 0) gaps++;
            List<String> row = new ArrayList<>(List.of(c.phase(), c.role(), c.language()));
            if (report.byConcern()) row.add(c.concern());
            row.addAll(List.of(c.items() + "/" + report.top(), Integer.toString(c.missing()), Long.toString(c.contacts())));
            rows.add(row.toArray(String[]::new));
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Content gaps: %d of %d cells have fewer than %d items scoring at least %s (rules %s, catalog %s)%n",
                gaps, report.cells().size(), report.top(), report.minScore(), report.rulesVersion(), report.catalogVersion()));
        out.append("Gaps first, the cells with the most stored contacts on top: write content for the first lines first.\n\n");
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean number = i >= row.length - 3;
                String cell = number ? " ".repeat(widths[i] - row[i].length()) + row[i] : row[i] + " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
