package de.wegweiser.recommend;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogException;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.rules.RuleCompiler;
import de.wegweiser.rules.PooledSessionEvaluator;
import java.nio.file.Path;
import java.time.Clock;

/** Builds a complete {@link Snapshot} from the catalog and rules directories, or says what is wrong. */
public final class SnapshotLoader {

    private final CatalogLoader catalogLoader;
    private final RuleCompiler ruleCompiler;

    public SnapshotLoader(Clock clock) {
        this.catalogLoader = new CatalogLoader(clock);
        this.ruleCompiler = new RuleCompiler(clock);
    }

    public Snapshot load(Path catalogDir, Path rulesDir) throws CatalogException, RuleCompilationException {
        Catalog catalog = catalogLoader.load(catalogDir);
        RuleBook rules = ruleCompiler.compile(rulesDir);
        return new Snapshot(catalog, rules, new PooledSessionEvaluator(rules, catalog));
    }
}
