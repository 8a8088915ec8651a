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
     * rules when a journey file changed. The evaluator is new unless rules and catalog are the same.
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
        // a change of the journey or account rules only keeps the engine, with the probe answers it has learnt;
        // a new engine takes over what the last one learnt and still holds
        TopKEvaluator last = previous != null && previous.evaluator() instanceof TopKEvaluator engine ? engine : null;
        TopKEvaluator same = last != null && rules == previous.rules() && catalog == previous.catalog() ? last.shared() : null;
        return new Snapshot(catalog, rules, same != null ? same : new TopKEvaluator(rules, catalog, last), journey, account);
    }

    /**
     * Builds the version a rule change would build, from the live one's files, and hands it to
     * {@code check} (the reload's gates), then throws it away: the first reload after start then runs
     * on code the JIT has compiled, not cold (a cold first rule change took 9 s instead of 1-2).
     * Broken files are the reload's business: nothing is reported here.
     */
    public void warmUp(Snapshot live, Path rulesDir, java.util.function.Consumer<Snapshot> check) {
        try {
            RuleBook rules = ruleCompiler.compile(rulesDir, live.catalog().taxonomy());
            ruleCompiler.compileJourney(rulesDir);
            ruleCompiler.compileAccount(rulesDir);
            TopKEvaluator engine = new TopKEvaluator(rules, live.catalog(),
                    live.evaluator() instanceof TopKEvaluator last ? last : null);
            try {
                check.accept(new Snapshot(live.catalog(), rules, engine, live.journey(), live.account()));
            } finally {
                engine.close();
            }
        } catch (RuleCompilationException e) {
            // edited since start and broken: the reload that follows the edit reports it
        }
    }

    private static boolean unchanged(Path dir, List<Path> files, String version) {
        return Files.isDirectory(dir) && !files.isEmpty() && SourceFiles.hash(dir, files).equals(version);
    }
}
