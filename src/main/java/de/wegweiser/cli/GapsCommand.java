package de.wegweiser.cli;

import de.wegweiser.catalog.CatalogException;
import de.wegweiser.insights.GapTable;
import de.wegweiser.insights.InsightService;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.scenarios.ScenarioRunner;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.Database;
import de.wegweiser.storage.InsightRows;
import de.wegweiser.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gaps}: where content is missing. For every phase x role x language (x concern), how many
 * items the rules put in the top N with at least a minimum score, and how many stored contacts sit
 * in that cell (with {@code --data-dir} or {@code --jdbc-url}; without them, the catalog alone).
 */
@Command(name = "gaps", mixinStandardHelpOptions = true,
        description = {"Show where content is missing: for every phase x role x language (and concern with --concerns) how many",
                "catalog items the rules put in the top N with at least --min-score, and how many stored contacts are in the cell.",
                "Gaps first, most contacts first: the first line is the content to write next."})
final class GapsCommand implements Callable<Integer> {

    @Mixin
    Options options;

    @Option(names = "--top", paramLabel = "N", defaultValue = "5", description = "the size of the list a contact sees (1 to 50, default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--min-score", paramLabel = "POINTS", defaultValue = "0",
            description = "an item counts only with at least this score (default: ${DEFAULT-VALUE})")
    double minScore;

    @Option(names = "--concerns", description = "split every cell by the contacts' concerns")
    boolean concerns;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "count the stored contacts of the embedded database in DIR")
    Path dataDir;

    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = "${env:WEGWEISER_JDBC_URL}",
            description = "count the stored contacts of this PostgreSQL database (default: $WEGWEISER_JDBC_URL)")
    String jdbcUrl;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Cli cli;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (options.json) format = "json";
        if (top < 1 || top > 50) {
            err.println("wegweiser gaps: --top must be from 1 to 50; got " + top);
            return Cli.USAGE;
        }
        if (!List.of("table", "csv", "json").contains(format)) {
            err.println("wegweiser gaps: --format must be table, csv or json; got " + format);
            return Cli.USAGE;
        }
        if (!Double.isFinite(minScore)) {
            err.println("wegweiser gaps: --min-score must be a number; got " + minScore);
            return Cli.USAGE;
        }
        Clock clock = ScenarioRunner.clockOn(options.day());
        Snapshot snapshot;
        try {
            snapshot = cli.versions.snapshot(clock, options.catalog, options.rules);
        } catch (CatalogException | RuleCompilationException e) {
            err.println("wegweiser gaps: cannot load catalog and rules.\n" + e.getMessage());
            return Cli.FAILED;
        }
        RecommendationService service = new RecommendationService(snapshot, clock);
        List<Object[]> contacts = List.of();
        boolean stored = dataDir != null || (jdbcUrl != null && !jdbcUrl.isBlank());
        try {
            if (stored) {
                try (Database database = Database.open(dataDir, jdbcUrl == null || jdbcUrl.isBlank() ? null : jdbcUrl, null, null)) {
                    contacts = new ContactStore(database).insights(InsightRows::contactCells);
                }
            }
            var report = InsightService.gaps(service, contacts, top, minScore, concerns);
            switch (format) {
                case "csv" -> out.print(GapTable.csv(report));
                case "json" -> out.println(de.wegweiser.http.Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
                default -> {
                    out.print(GapTable.table(report));
                    if (!stored) out.println("\n(no database given: contact counts are 0; use --data-dir or --jdbc-url)");
                }
            }
        } catch (StorageException e) {
            err.println("wegweiser gaps: " + e.getMessage());
            return Cli.FAILED;
        } finally {
            snapshot.evaluator().close();
        }
        out.flush();
        return Cli.OK;
    }
}
