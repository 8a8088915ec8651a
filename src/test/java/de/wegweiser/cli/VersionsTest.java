package de.wegweiser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.scenarios.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commands reuse: only what was made from files with the same content, on the same day. */
class VersionsTest {

    private static final Clock DAY = ScenarioRunner.clockOn(TestApp.TODAY);

    @TempDir
    Path temp;

    @Test
    void the_same_files_in_another_folder_reuse_the_rule_book_and_an_edited_file_is_compiled_again() throws Exception {
        Versions versions = new Versions();
        Catalog catalog = versions.catalog(DAY, TestApp.CATALOG);
        RuleBook frozen = versions.rules(DAY, TestApp.RULES, catalog.taxonomy());
        Path copy = TestApp.copyTree(TestApp.RULES, temp.resolve("rules"));
        assertSame(frozen, versions.rules(DAY, copy, catalog.taxonomy()));
        assertSame(versions.journey(DAY, TestApp.RULES), versions.journey(DAY, copy));

        Path hygiene = copy.resolve("hygiene.drl");
        Files.writeString(hygiene, Files.readString(hygiene) + "\n// edited\n");
        RuleBook edited = versions.rules(DAY, copy, catalog.taxonomy());
        assertNotSame(frozen, edited);
        assertTrue(!edited.version().equals(frozen.version()), "the edit is in the new version");
        assertSame(versions.journey(DAY, TestApp.RULES), versions.journey(DAY, copy), "the journey rules did not change");
        assertSame(frozen, versions.rules(DAY, TestApp.RULES, catalog.taxonomy()), "the frozen rules are still kept");
    }

    @Test
    void a_catalog_is_read_again_for_another_day_and_rules_are_compiled_again_without_the_taxonomy() throws Exception {
        Versions versions = new Versions();
        Catalog today = versions.catalog(DAY, TestApp.CATALOG);
        assertSame(today, versions.catalog(DAY, TestApp.CATALOG));
        Catalog tomorrow = versions.catalog(ScenarioRunner.clockOn(TestApp.TODAY.plusDays(1)), TestApp.CATALOG);
        assertNotSame(today, tomorrow, "dates in the catalog are read against today");
        assertEquals(today.version(), tomorrow.version());
        assertNotSame(versions.rules(DAY, TestApp.RULES, today.taxonomy()), versions.rules(DAY, TestApp.RULES, null),
                "terms are checked only against a taxonomy");
    }
}
