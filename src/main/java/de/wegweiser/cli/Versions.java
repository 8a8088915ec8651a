package de.wegweiser.cli;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogException;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.files.SourceFiles;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.AccountRuleBook;
import de.wegweiser.rules.JourneyRuleBook;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.rules.RuleCompiler;
import de.wegweiser.rules.TopKEvaluator;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads catalogs and compiles rules for the commands, and keeps the last few it made: a catalog or
 * rule book is made once for files with the same content on the same clock, as a reload reuses
 * what did not change. Within one run that spares {@code diff --against-catalog} compiling the
 * same rules twice; the tests hand one to hundreds of runs on the same frozen files, where
 * compiling the rules again was most of each run.
 */
final class Versions {

    /** Enough for a diff's two sides and the rule books beside them; each holds a compiled rule base. */
    private static final int KEPT = 8;

    /** What was made from which files: the clock because a catalog item's dates are read against today. */
    private record Key(Instant now, String kind, String files, Taxonomy taxonomy) {}

    private interface Maker<T, E extends Exception> {
        T make() throws E;
    }

    private final Map<Key, Object> kept = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
            return size() > KEPT;
        }
    });

    Catalog catalog(Clock clock, Path dir) throws CatalogException {
        return kept(clock, "catalog", dir, () -> CatalogLoader.files(dir), null,
                () -> new CatalogLoader(clock).load(dir));
    }

    /** @param taxonomy the terms the rules are linted against, null for none */
    RuleBook rules(Clock clock, Path rulesDir, Taxonomy taxonomy) throws RuleCompilationException {
        return kept(clock, "rules", rulesDir, () -> RuleCompiler.recommendationFiles(rulesDir), taxonomy,
                () -> new RuleCompiler(clock).compile(rulesDir, taxonomy));
    }

    JourneyRuleBook journey(Clock clock, Path rulesDir) throws RuleCompilationException {
        return kept(clock, "journey", rulesDir, () -> RuleCompiler.journeyFiles(rulesDir), null,
                () -> new RuleCompiler(clock).compileJourney(rulesDir));
    }

    AccountRuleBook account(Clock clock, Path rulesDir) throws RuleCompilationException {
        return kept(clock, "account", rulesDir, () -> RuleCompiler.accountFiles(rulesDir), null,
                () -> new RuleCompiler(clock).compileAccount(rulesDir));
    }

    /** Catalog, rules, journey and account rules as the server loads them, with an engine of its own to close. */
    Snapshot snapshot(Clock clock, Path catalogDir, Path rulesDir) throws CatalogException, RuleCompilationException {
        Catalog catalog = catalog(clock, catalogDir);
        RuleBook rules = rules(clock, rulesDir, catalog.taxonomy());
        return new Snapshot(catalog, rules, new TopKEvaluator(rules, catalog), journey(clock, rulesDir), account(clock, rulesDir));
    }

    @SuppressWarnings("unchecked")
    private <T, E extends Exception> T kept(Clock clock, String kind, Path dir, Supplier<List<Path>> files, Taxonomy taxonomy,
                                            Maker<T, E> maker) throws E {
        String hash;
        try {
            List<Path> found = Files.isDirectory(dir) ? files.get() : List.of();
            // no files, or none that can be read: the maker says what is wrong, and nothing is kept
            if (found.isEmpty()) return maker.make();
            hash = SourceFiles.hash(dir, found);
        } catch (UncheckedIOException e) {
            return maker.make();
        }
        Key key = new Key(clock.instant(), kind, hash, taxonomy);
        Object known = kept.get(key);
        if (known != null) return (T) known;
        T made = maker.make(); // two runs at once may both make it: the same thing, one of them is kept
        kept.put(key, made);
        return made;
    }
}
