package de.wegweiser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program the tests start in its own process: the service (packaged jar or the classes Maven built)
 * or a script. Its output (standard output and error together) is collected line by line, and
 * {@link #start} returns once a line matches the pattern that says it is ready; the pattern's first
 * group is kept ({@link #ready()}), for the service its port.
 */
public final class ChildProcess implements AutoCloseable {

    /** The service's line once it listens; group 1 is the port. */
    public static final Pattern LISTENING = Pattern.compile("Wegweiser listening on http://127\\.0\\.0\\.1:(\\d+)");
    public static final Path JAR = Path.of("target", "wegweiser.jar");

    private final Process process;
    private final String ready;
    private final ConcurrentLinkedQueue<String> lines;
    private final Thread reader;

    private ChildProcess(Process process, String ready, ConcurrentLinkedQueue<String> lines, Thread reader) {
        this.process = process;
        this.ready = ready;
        this.lines = lines;
        this.reader = reader;
    }

    /**
     * The packaged jar as the server, on a free loopback port, with only the given {@code WEGWEISER_}
     * variables (the test JVM's own, such as a PostgreSQL URL for the tests, are not passed on).
     */
    public static ProcessBuilder jar(Map<String, String> env, String... jvmOptions) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", JAR.toString()));
        return service(command, env);
    }

    /**
     * The server from the classes Maven built (no jar needed: for tests that surefire runs), with
     * assertions as in the test JVM (the pom's argLine: ours on, H2's off, see Database.H2_OPTIONS).
     */
    public static ProcessBuilder classes(Map<String, String> env, String... jvmOptions) {
        List<String> command = new ArrayList<>(List.of(java(), "-ea", "-da:org.h2...",
                "-Dwegweiser.test.appLog=INFO")); // the test logging config is quieter
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "de.wegweiser.App"));
        return service(command, env);
    }

    private static ProcessBuilder service(List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("WEGWEISER_"));
        builder.environment().put("WEGWEISER_PORT", "0");
        builder.environment().put("WEGWEISER_HOST", "127.0.0.1");
        builder.environment().putAll(env);
        return builder;
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts the service and waits until it listens. */
    public static ChildProcess startService(ProcessBuilder builder) {
        return start(builder, LISTENING, Duration.ofSeconds(300)); // only against a hang: a start took over 90 s at load 40
    }

    /**
     * Starts the program and waits until a line of its output matches {@code ready}.
     *
     * @throws AssertionError with the output so far when it ends or the time is up first
     */
    public static ChildProcess start(ProcessBuilder builder, Pattern ready, Duration timeout) {
        Process process;
        try {
            process = builder.redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + builder.command(), e);
        }
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        CompletableFuture<String> matched = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    Matcher m = ready.matcher(line);
                    if (!matched.isDone() && m.find()) matched.complete(m.groupCount() > 0 ? m.group(1) : line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
            matched.completeExceptionally(new AssertionError("it ended before it was ready:\n" + String.join("\n", lines)));
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildProcess(process, matched.get(timeout.toMillis(), TimeUnit.MILLISECONDS), lines, reader);
        } catch (Exception e) {
            process.destroyForcibly();
            String what = process.isAlive() ? "was not ready within " + timeout.toSeconds() + " s" : "ended before it was ready";
            throw new AssertionError(String.join(" ", builder.command()) + " " + what + ":\n" + String.join("\n", lines), e);
        }
    }

    public Process process() { return process; }

    /** The first group of the line that said it is ready: for the service, its port. */
    public String ready() { return ready; }

    public int port() { return Integer.parseInt(ready); }

    public List<String> lines() { return List.copyOf(lines); }

    public String output() { return String.join("\n", lines); }

    /** Waits for the last lines after the process ended (the reader reads up to the end of its output). */
    public void awaitOutput(Duration wait) throws InterruptedException {
        reader.join(wait.toMillis());
    }

    /** SIGTERM, and SIGKILL if it has not ended after the wait. Process.destroy() would also close our end of its output. */
    public boolean stop(Duration wait) throws InterruptedException {
        process.toHandle().destroy();
        if (process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) return true;
        kill();
        return false;
    }

    /** SIGKILL: no shutdown hook, no orderly close of anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
