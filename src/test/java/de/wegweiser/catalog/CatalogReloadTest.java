package de.wegweiser.catalog;

import static de.wegweiser.catalog.CatalogYaml.item;
import static de.wegweiser.catalog.CatalogYaml.items;
import static de.wegweiser.catalog.CatalogYaml.lineOf;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.domain.ContentItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload reads only the files that changed, and gives exactly what a full load of the same files gives. */
class CatalogReloadTest {

    private static final CatalogLoader LOADER = new CatalogLoader(TestApp.CLOCK);
    private static final String A = items(item("wp-a1"), item("wp-a2", "concerns: [price]"));
    private static final String B = items(item("wp-b1"), item("wp-b2"));
    private static final String C = items(item("wp-c1"), item("wp-c2", "format: webinar", "eventDate: 2027-01-10"));

    @TempDir
    Path dir;

    private Catalog previous;

    @BeforeEach
    void threeItemsFiles() throws Exception {
        CatalogYaml.write(dir, "a.yaml", A);
        CatalogYaml.write(dir, "b.yaml", B);
        CatalogYaml.write(dir, "c.yaml", C);
        previous = LOADER.load(dir);
    }

    @Test
    void reloading_unchanged_files_gives_the_previous_catalog() throws Exception {
        assertSame(previous, LOADER.reload(previous, dir));
    }

    @Test
    void reloading_after_one_file_changed_gives_what_a_full_load_gives_and_reuses_the_other_files() throws Exception {
        CatalogYaml.write(dir, "b.yaml", items(item("wp-b0"), item("wp-b2", "title: \"A new title\""), item("wp-b1")));

        Catalog reloaded = LOADER.reload(previous, dir);

        assertSameContent(LOADER.load(dir), reloaded);
        assertEquals(List.of("wp-a1", "wp-a2", "wp-b0", "wp-b2", "wp-b1", "wp-c1", "wp-c2"), ids(reloaded));
        assertNotEquals(previous.version(), reloaded.version());
        // the unchanged files were not read again: their items are the very same objects
        assertSame(previous.item("wp-a2").orElseThrow(), reloaded.item("wp-a2").orElseThrow());
        assertSame(previous.item("wp-c2").orElseThrow(), reloaded.item("wp-c2").orElseThrow());
        assertNotSame(previous.item("wp-b1").orElseThrow(), reloaded.item("wp-b1").orElseThrow());
    }

    @Test
    void mistakes_in_a_changed_file_are_reported_as_a_full_load_reports_them_and_the_previous_catalog_stays_usable()
            throws Exception {
        // an unknown term, an id an unchanged earlier file has, and one an unchanged later file has
        String broken = items(item("wp-b1", "concerns: [prise]"), item("wp-a2"), item("wp-c1"));
        CatalogYaml.write(dir, "b.yaml", broken);

        CatalogException reload = assertThrows(CatalogException.class, () -> LOADER.reload(previous, dir));

        CatalogException full = assertThrows(CatalogException.class, () -> LOADER.load(dir));
        assertEquals(full.getMessage(), reload.getMessage());
        assertEquals(List.of(
                new CatalogProblem("b.yaml", lineOf(broken, "concerns: [prise]"), "wp-b1", "concerns", "unknown concern 'prise'; did you mean 'price'?"),
                new CatalogProblem("b.yaml", lineOf(broken, "- id: wp-a2"), "wp-a2", "id",
                        "duplicate id; first defined at a.yaml:" + lineOf(A, "- id: wp-a2")),
                new CatalogProblem("c.yaml", 2, "wp-c1", "id",
                        "duplicate id; first defined at b.yaml:" + lineOf(broken, "- id: wp-c1"))), reload.problems());

        // the live catalog is untouched, and the next reload still starts from it
        assertEquals(List.of("wp-a1", "wp-a2", "wp-b1", "wp-b2", "wp-c1", "wp-c2"), ids(previous));
        CatalogYaml.write(dir, "b.yaml", items(item("wp-b1", "concerns: [price]")));
        Catalog fixed = LOADER.reload(previous, dir);
        assertSameContent(LOADER.load(dir), fixed);
        assertSame(previous.item("wp-c1").orElseThrow(), fixed.item("wp-c1").orElseThrow());
    }

    @Test
    void a_changed_file_that_is_not_valid_yaml_is_reported_at_the_line_a_full_load_reports() throws Exception {
        String broken = items(item("wp-b1"), item("wp-b2", "title: Steinmark: the SMX 650 in practice"));
        CatalogYaml.write(dir, "b.yaml", broken);

        CatalogException reload = assertThrows(CatalogException.class, () -> LOADER.reload(previous, dir));

        assertEquals(assertThrows(CatalogException.class, () -> LOADER.load(dir)).problems(), reload.problems());
        assertEquals(1, reload.problems().size());
        assertEquals(lineOf(broken, "title: Steinmark:"), reload.problems().get(0).line());
        assertTrue(reload.problems().get(0).message().startsWith("not valid YAML: a ':' where a value should be"));
    }

    @Test
    void a_deleted_file_and_a_new_file_are_handled() throws Exception {
        Files.delete(dir.resolve("a.yaml"));
        // wp-a1 has moved here: no longer a duplicate once a.yaml is gone
        CatalogYaml.write(dir, "0-new.yaml", items(item("wp-new"), item("wp-a1")));

        Catalog reloaded = LOADER.reload(previous, dir);

        assertSameContent(LOADER.load(dir), reloaded);
        assertEquals(List.of("0-new.yaml", "b.yaml", "c.yaml", CatalogLoader.TAXONOMY_FILE), reloaded.files());
        assertEquals(List.of("wp-new", "wp-a1", "wp-b1", "wp-b2", "wp-c1", "wp-c2"), ids(reloaded));
        assertSame(previous.item("wp-b1").orElseThrow(), reloaded.item("wp-b1").orElseThrow());
    }

    @Test
    void deleting_every_items_file_is_reported_as_a_catalog_without_items() throws Exception {
        for (String name : List.of("a.yaml", "b.yaml", "c.yaml")) Files.delete(dir.resolve(name));

        CatalogException reload = assertThrows(CatalogException.class, () -> LOADER.reload(previous, dir));

        assertEquals(assertThrows(CatalogException.class, () -> LOADER.load(dir)).problems(), reload.problems());
        assertEquals(List.of(new CatalogProblem(dir.toString(), 0, null, null, "the catalog has no items")), reload.problems());
    }

    @Test
    void removing_a_term_from_the_taxonomy_reports_the_unchanged_file_that_uses_it() throws Exception {
        Path taxonomy = dir.resolve(CatalogLoader.TAXONOMY_FILE);
        String text = Files.readString(taxonomy);
        String withoutPrice = text.replaceFirst("(?m)^  - \\{ id: price,.*\\n", "");
        assertNotEquals(text, withoutPrice);
        Files.writeString(taxonomy, withoutPrice);

        CatalogException reload = assertThrows(CatalogException.class, () -> LOADER.reload(previous, dir));

        assertEquals(assertThrows(CatalogException.class, () -> LOADER.load(dir)).problems(), reload.problems());
        assertEquals(1, reload.problems().size(), reload.getMessage());
        CatalogProblem problem = reload.problems().get(0);
        assertAll(problem.describe(),
                () -> assertEquals("a.yaml", problem.file()),
                () -> assertEquals(lineOf(A, "- id: wp-a2") + 8, problem.line(), "the line of the concerns of wp-a2"),
                () -> assertEquals("wp-a2", problem.itemId()),
                () -> assertEquals("concerns", problem.field()),
                () -> assertTrue(problem.message().startsWith("unknown concern 'price'"), problem.message()));
    }

    @Test
    void a_taxonomy_edit_that_changes_no_term_keeps_the_items_of_unchanged_files() throws Exception {
        Path taxonomy = dir.resolve(CatalogLoader.TAXONOMY_FILE);
        Files.writeString(taxonomy, Files.readString(taxonomy) + "\n# a comment changes the file, not the terms\n");

        Catalog reloaded = LOADER.reload(previous, dir);

        assertSameContent(LOADER.load(dir), reloaded);
        assertNotEquals(previous.version(), reloaded.version());
        assertSame(previous.item("wp-a1").orElseThrow(), reloaded.item("wp-a1").orElseThrow());
    }

    private static List<String> ids(Catalog catalog) {
        return catalog.items().stream().map(ContentItem::id).toList();
    }

    private static void assertSameContent(Catalog full, Catalog reloaded) {
        assertAll(
                () -> assertEquals(full.items(), reloaded.items(), "items, in order"),
                () -> assertEquals(full.version(), reloaded.version(), "version"),
                () -> assertEquals(full.files(), reloaded.files(), "files"),
                () -> assertEquals(full.taxonomy(), reloaded.taxonomy(), "taxonomy"));
    }
}
