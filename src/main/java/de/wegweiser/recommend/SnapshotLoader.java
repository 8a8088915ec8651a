package de.wegweiser.recommend;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogException;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.files.SourceFiles;
import de.wegweiser.rules.AccountRuleBook;
import de.wegweiser.rules.JourneyRuleBook;
import de.wegweiser.rules.TopKEvaluator;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.rules.RuleCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Builds a complete {@link Snapshot} from the catalog and rules directories (recommendation rules and
 * the journey rules in {@code journey/}, the account rules in {@code account/}), or says what is wrong.
 */
public final class SnapshotLoader {

    private final CatalogLoader catalogLoader;
    private final RuleCompiler ruleCompiler;

    public SnapshotLoader(Clock clock) {
        this.catalogLoader = new CatalogLoader(clock);
        this.ruleCompiler = new RuleCompiler(clock);
    }

    /** Everything read and compiled from the files. */
    public Snapshot load(Path catalogDir, Path rulesDir) throws CatalogException, RuleCompilationException {
        return reload(null, catalogDir, rulesDir);
    }

    /**
     * A new snapshot that reuses what did not change (each part compared by the content hash that
     * is its version): only the catalog files that changed are read again, the rules are
     * compiled again when a rule file or the taxonomy they are linted against changed, the journey
     * rules when a journey file changed. The evaluator is always new.
     *
     * @param previous the live snapshot, or null to load everything
     */
    public Snapshot reload(Snapshot previous, Path catalogDir, Path rulesDir) throws CatalogException, RuleCompilationException {
        Catalog catalog = catalogLoader.reload(previous == null ? null : previous.catalog(), catalogDir);
        RuleBook rules = previous != null && catalog.taxonomy().equals(previous.catalog().taxonomy())
                && unchanged(rulesDir, RuleCompiler.recommendationFiles(rulesDir), previous.rules().version())
                ? previous.rules() : ruleCompiler.compile(rulesDir, catalog.taxonomy());
        JourneyRuleBook journey = previous != null && unchanged(rulesDir, RuleCompiler.journeyFiles(rulesDir), previous.journey().version())
                ? previous.journey() : ruleCompiler.compileJourney(rulesDir);
        AccountRuleBook account = previous != null && unchanged(rulesDir, RuleCompiler.accountFiles(rulesDir), previous.account().version())
                ? previous.account() : ruleCompiler.compileAccount(rulesDir);
        return new Snapshot(catalog, rules, new TopKEvaluator(rules, catalog), journey, account);
    }

    private static boolean unchanged(Path dir, List<Path> files, String version) {
        return Files.isDirectory(dir) && !files.isEmpty() && SourceFiles.hash(dir, files).equals(version);
    }
}
