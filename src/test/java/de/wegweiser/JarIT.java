package de.wegweiser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar: the server when started without arguments, the command line with them. */
@org.junit.jupiter.api.Tag("slow")
class JarIT {

    private static final Path JAR = Path.of("target", "wegweiser.jar");

    @Test
    void the_jar_with_arguments_runs_the_check_and_exits_with_its_result() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "package the jar first");
        Process process = new ProcessBuilder(java(), "-jar", JAR.toString(), "check", "--date", TestApp.TODAY.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process));
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "check finishes");
        List<String> lines = out.get().lines().toList();
        assertEquals(0, process.exitValue(), out.get());
        assertTrue(lines.get(lines.size() - 1).matches("\\d+ passed, 0 failed"), lines.get(lines.size() - 1));
    }

    @Test
    void the_jar_without_arguments_starts_the_server() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", JAR.toString()).redirectErrorStream(true);
        builder.environment().put("WEGWEISER_PORT", "0");
        builder.environment().put("WEGWEISER_HOST", "127.0.0.1");
        Process process = builder.start();
        try {
            CompletableFuture<Boolean> listening = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (line.contains("Wegweiser listening on http://127.0.0.1:")) return true;
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(listening.get(120, TimeUnit.SECONDS), "the server logs that it listens");
            assertTrue(process.isAlive(), "and keeps running");
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
