package de.wegweiser.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.ContentItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotLoaderTest {

    @TempDir
    Path temp;

    @Test
    void reload_compiles_only_what_changed() throws Exception {
        Path rules = copy(TestApp.RULES, temp.resolve("rules"));
        Path catalog = copy(TestApp.CATALOG, temp.resolve("catalog"));
        SnapshotLoader loader = new SnapshotLoader(TestApp.CLOCK);
        Snapshot first = loader.load(catalog, rules);

        Snapshot same = loader.reload(first, catalog, rules);
        assertSame(first.catalog(), same.catalog());
        assertSame(first.rules(), same.rules());
        assertNotSame(first.evaluator(), same.evaluator());

        Path file = rules.resolve("hygiene.drl");
        Files.writeString(file, Files.readString(file).replace("recommend($item, 2,", "recommend($item, 3,"));
        Snapshot newRules = loader.reload(same, catalog, rules);
        assertSame(same.catalog(), newRules.catalog());
        assertNotEquals(same.rules().version(), newRules.rules().version());

        Path items = catalog.resolve("webinars.yaml");
        Files.writeString(items, Files.readString(items).replace("Live-Demo:", "Live-Demo (neu):"));
        Snapshot newCatalog = loader.reload(newRules, catalog, rules);
        assertSame(newRules.rules(), newCatalog.rules());
        assertNotEquals(newRules.catalog().version(), newCatalog.catalog().version());
        // only webinars.yaml was read again; the result is what a full load gives
        Catalog full = new CatalogLoader(TestApp.CLOCK).load(catalog);
        assertEquals(full.items(), newCatalog.catalog().items());
        assertEquals(full.version(), newCatalog.catalog().version());
        ContentItem unchanged = newRules.catalog().items().get(0);
        assertNotEquals("webinar", unchanged.format());
        assertSame(unchanged, newCatalog.catalog().items().get(0));
        Stream.of(first, same, newRules, newCatalog).forEach(s -> s.evaluator().close());
    }

    private static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }
}
