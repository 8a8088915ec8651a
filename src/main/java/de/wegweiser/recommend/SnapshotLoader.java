package de.wegweiser.recommend;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogException;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.rules.JourneyRuleBook;
import de.wegweiser.files.SourceFiles;
import de.wegweiser.rules.PooledSessionEvaluator;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.rules.RuleCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Builds a complete {@link Snapshot} from the catalog and rules directories (recommendation rules and
 * the journey rules in {@code journey/}), or says what is wrong.
 */
public final class SnapshotLoader {

    private final CatalogLoader catalogLoader;
    private final RuleCompiler ruleCompiler;

    public SnapshotLoader(Clock clock) {
        this.catalogLoader = new CatalogLoader(clock);
        this.ruleCompiler = new RuleCompiler(clock);
    }

    /**
     * A new snapshot for changed files that reuses what did not change: the catalog is read again
     * only when a catalog file changed, the rules are compiled again only when a rule file changed
     * (each compared by the content hash that is its version). The evaluator is always new.
     */
    public Snapshot reload(Snapshot previous, Path catalogDir, Path rulesDir) throws CatalogException, RuleCompilationException {
        Catalog catalog = unchanged(catalogDir, previous.catalog().version(), ".yaml", ".yml")
                ? previous.catalog() : catalogLoader.load(catalogDir);
        RuleBook rules = unchanged(rulesDir, previous.rules().version(), ".drl")
                ? previous.rules() : ruleCompiler.compile(rulesDir);
        return new Snapshot(catalog, rules, new PooledSessionEvaluator(rules, catalog));
    }

    private static boolean unchanged(Path dir, String version, String... suffixes) {
        return Files.isDirectory(dir) && SourceFiles.hash(dir, SourceFiles.list(dir, suffixes)).equals(version);
    }

    public Snapshot load(Path catalogDir, Path rulesDir) throws CatalogException, RuleCompilationException {
        Catalog catalog = catalogLoader.load(catalogDir);
        RuleBook rules = ruleCompiler.compile(rulesDir, catalog.taxonomy());
        JourneyRuleBook journey = ruleCompiler.compileJourney(rulesDir);
        return new Snapshot(catalog, rules, new PooledSessionEvaluator(rules, catalog), journey);
    }
}
