package de.wegweiser.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/operations.md says what the service and the checked-in HAProxy configuration really do. */
class OperationsDocTest {

    private static final Path DOC = Path.of("docs", "operations.md");

    @Test
    void every_setting_the_service_reads_is_documented() throws Exception {
        String doc = Files.readString(DOC);
        Set<String> missing = new TreeSet<>();
        for (String name : AppConfig.VARIABLES) if (!doc.contains("`" + name + "`")) missing.add(name);
        assertEquals(Set.of(), missing);
    }

    @Test
    void the_haproxy_backend_shown_in_the_docs_is_the_one_the_cluster_test_runs() throws Exception {
        Matcher block = Pattern.compile("```\\n(backend nodes\\n.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        assertTrue(block.find(), "operations.md shows the backend of ops/cluster/haproxy.cfg");
        List<String> config = Files.readAllLines(Path.of("ops", "cluster", "haproxy.cfg")).stream().map(String::strip).toList();
        List<String> shown = block.group(1).lines().map(String::strip).filter(line -> !line.startsWith("server ")).toList();
        assertTrue(shown.size() > 5, shown.toString());
        for (String line : shown) assertTrue(config.contains(line), "not in ops/cluster/haproxy.cfg: " + line);
    }
}
