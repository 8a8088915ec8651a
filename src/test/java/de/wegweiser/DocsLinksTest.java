package de.wegweiser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README and the pages in docs/ link to each other without dead ends, and the README stays short. */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern CODE_BLOCK = Pattern.compile("^```.*?^```", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

    private static List<Path> pages() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("rules", "scenarios", "README.md"),
                Path.of("content-catalog", "README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as dashes. */
    static Set<String> anchors(Path page) throws Exception {
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(CODE_BLOCK.matcher(Files.readString(page)).replaceAll(""));
        while (heading.find()) {
            anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }

    @Test
    void every_relative_link_in_the_readme_and_docs_points_at_an_existing_file_and_heading() throws Exception {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            Matcher link = LINK.matcher(CODE_BLOCK.matcher(Files.readString(page)).replaceAll(""));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) continue; // http:, https:, mailto:
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                checked++;
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no file " + resolved + ")");
                } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                    broken.add(page + ": " + target + " (no heading #" + anchor + " in " + resolved + ")");
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(checked > 50, "the pages link to each other: " + checked);
    }

    @Test
    void the_readme_stays_short_and_links_every_page_in_docs() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.lines().count() < 150, "README.md has " + readme.lines().count() + " lines; the reference belongs in docs/");
        assertTrue(readme.contains("](docs/README.md)"), "the README links the index of docs/");
        String index = Files.readString(Path.of("docs", "README.md"));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            for (Path page : docs.filter(p -> p.toString().endsWith(".md") && !p.endsWith("README.md")).toList()) {
                assertTrue(index.contains("](" + page.getFileName() + ")"), "docs/README.md links " + page.getFileName());
            }
        }
    }

    @Test
    void the_anchor_of_a_heading_drops_punctuation_and_keeps_words() throws Exception {
        Path page = Files.createTempFile("page", ".md");
        try {
            Files.writeString(page, "# Explanations: why, and why not\n```\n# not a heading\n```\n## `check` and `diff`\n");
            assertEquals(Set.of("explanations-why-and-why-not", "check-and-diff"), anchors(page));
        } finally {
            Files.delete(page);
        }
    }
}
