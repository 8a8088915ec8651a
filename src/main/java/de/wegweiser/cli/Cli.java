package de.wegweiser.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The marketer's command line, in the same jar as the server: {@code check} validates catalog,
 * rules and scenarios, {@code diff} shows what a rule change does to the recommendations.
 * {@code java -jar wegweiser.jar} without arguments still starts the server.
 *
 * <p>Exit codes: 0 all good, 1 something failed (a check, or loading for a diff), 2 wrong usage.
 */
@Command(name = "wegweiser", mixinStandardHelpOptions = true, version = "Wegweiser 0.1",
        description = "Check rules, catalog and scenarios, compare rule versions, find content gaps, and make the recommendations of a mailing. Without arguments the jar starts the server.",
        subcommands = {CheckCommand.class, DiffCommand.class, GapsCommand.class, BatchCommand.class})
public final class Cli implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The catalogs and rule books this run has made, for its commands to reuse. */
    final Versions versions;

    private Cli(Versions versions) {
        this.versions = versions;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: check, diff, gaps or batch");
    }

    /** Runs the command line on standard output and error. */
    public static int run(String... args) {
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, new Versions());
    }

    /** Runs the command line reusing what earlier runs made: tests run it hundreds of times on the same files. */
    static int run(String[] args, PrintStream out, PrintStream err, Versions versions) {
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine commandLine = new CommandLine(new Cli(versions))
                .setOut(outWriter)
                .setErr(errWriter)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // an unexpected problem (an unreadable file, say): one line, no stack trace
                    cmd.getErr().println("wegweiser " + cmd.getCommandName() + ": " + e.getMessage());
                    return FAILED;
                });
        int code = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }
}
