package de.wegweiser.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The service as its own process, started with wrong settings: one clear message, no stack trace, exit code 2. */
class StartupErrorsTest {

    @Test
    void wrong_settings_stop_the_service_with_one_message_per_setting_no_stack_trace_and_exit_code_2() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "de.wegweiser.App").redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("WEGWEISER_"));
        env.put("WEGWEISER_PORT", "http");
        env.put("WEGWEISER_ADMIN_TOKEN", "secret");
        env.put("WEGWEISER_JDBC_URL", "mysql://db/wegweiser");
        env.put("WEGWEISER_CATALOG", "content-catalog");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.startsWith("Wegweiser cannot start: WEGWEISER_CATALOG is not a setting of Wegweiser; did you mean WEGWEISER_CATALOG_DIR?"),
                output);
        for (String part : new String[] {"WEGWEISER_PORT must be a number from 0 to 65535", "WEGWEISER_ADMIN_TOKEN must be at least 16 characters",
                "WEGWEISER_JDBC_URL must be a PostgreSQL URL"}) {
            assertTrue(output.contains(part), part + " not in:\n" + output);
        }
        assertFalse(output.contains("Exception") || output.contains("\tat "), "no stack trace:\n" + output);
        assertEquals(4, output.strip().lines().count(), output);
    }
}
