package de.wegweiser.cli;

import java.io.PrintStream;

/**
 * The command line run in the tests' JVM. All runs share what they made, as a reload shares what
 * did not change: most run on the frozen files, and compiling the rules again was most of each run.
 */
final class InProcess {

    private static final Versions VERSIONS = new Versions();

    private InProcess() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.run(args, out, err, VERSIONS);
    }
}
