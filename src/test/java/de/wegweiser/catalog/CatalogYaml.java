package de.wegweiser.catalog;

import de.wegweiser.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Catalog files for tests: valid items, changed as a test needs, next to the real taxonomy. */
final class CatalogYaml {

    private CatalogYaml() {}

    /** Writes one items file, and the real taxonomy if the directory has none yet. */
    static void write(Path dir, String name, String text) throws IOException {
        copyTaxonomy(dir);
        Files.writeString(dir.resolve(name), text);
    }

    static void copyTaxonomy(Path dir) throws IOException {
        Path target = dir.resolve(CatalogLoader.TAXONOMY_FILE);
        if (!Files.exists(target)) Files.copy(TestApp.CATALOG.resolve(CatalogLoader.TAXONOMY_FILE), target);
    }

    static String items(String... items) {
        return "items:\n" + String.join("\n", items);
    }

    /**
     * A valid whitepaper of 11 lines, changed: {@code "field: value"} replaces or adds a field,
     * {@code "-field"} removes it.
     */
    static String item(String id, String... changes) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("title", "\"A title\"");
        fields.put("summary", "\"A summary\"");
        fields.put("url", "https://steinmark.example/" + id);
        fields.put("format", "whitepaper");
        fields.put("language", "en");
        fields.put("phases", "[consideration]");
        fields.put("roles", "[finance]");
        fields.put("concerns", "[roi]");
        fields.put("topics", "[financing]");
        fields.put("published", "2026-04-14");
        for (String change : changes) {
            if (change.startsWith("-")) {
                fields.remove(change.substring(1));
            } else {
                int colon = change.indexOf(':');
                fields.put(change.substring(0, colon), change.substring(colon + 1).strip());
            }
        }
        StringBuilder text = new StringBuilder();
        fields.forEach((field, value) -> text.append(text.length() == 0 ? "  - " : "    ")
                .append(field).append(": ").append(value).append('\n'));
        return text.toString();
    }

    static int lineOf(String text, String fragment) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(fragment)) return i + 1;
        throw new AssertionError("no line contains " + fragment);
    }
}
