package de.wegweiser.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.wegweiser.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFilesTest {

    @Test
    void a_catalog_directory_that_is_a_symbolic_link_is_read_like_the_real_one(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("content-catalog"), TestApp.CATALOG.toAbsolutePath());
        var real = SourceFiles.list(TestApp.CATALOG, ".yaml");
        var linked = SourceFiles.list(link, ".yaml");
        assertEquals(real.size(), linked.size());
        assertEquals(SourceFiles.hash(TestApp.CATALOG, real), SourceFiles.hash(link, linked));
    }
}
