package de.wegweiser.cli;

import de.wegweiser.batch.Mailing;
import de.wegweiser.batch.MailingSource;
import de.wegweiser.batch.Segment;
import de.wegweiser.catalog.CatalogException;
import de.wegweiser.http.ExportWriter;
import de.wegweiser.http.Json;
import de.wegweiser.insights.Tracker;
import de.wegweiser.recommend.RecommendationResult;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.scenarios.ScenarioRunner;
import de.wegweiser.storage.ContactFilter;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.Database;
import de.wegweiser.storage.StorageException;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code batch}: recommendations for every stored contact of a segment, or for every contact of a
 * file, for a newsletter or a mailing. Streams (one page of contacts in memory), shows progress on
 * standard error, reports bad input lines and goes on, and can be stopped (Ctrl-C, {@code --max})
 * and resumed from its checkpoint.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recommendations for every stored contact of a segment (--phase, --role, ...) or for a file of contacts (--input),",
                "as JSON Lines or CSV, for newsletters and mailings. Each answer has a trackingId: report the mailing's impressions",
                "and clicks with it. Ctrl-C stops after the current contact; --resume continues from the checkpoint.",
                "Exit codes: 0 done (or stopped by --max), 1 done but some input lines were bad (or loading failed), 2 wrong usage,",
                "130 stopped by Ctrl-C, 143 by SIGTERM (both after writing the checkpoint)."})
final class BatchCommand implements Callable<Integer> {

    static final int INTERRUPTED = 130;
    /** Inputs between two checkpoints: a hard kill repeats at most this many, and only to standard output. */
    static final int CHECKPOINT_EVERY = 1_000;

    @Mixin
    Options options;

    @Option(names = "--phase", split = ",", paramLabel = "PHASE", description = "stored contacts in one of these phases (ids or aliases)")
    List<String> phases;

    @Option(names = "--role", split = ",", paramLabel = "ROLE", description = "stored contacts with one of these roles")
    List<String> roles;

    @Option(names = "--language", split = ",", paramLabel = "LANG", description = "stored contacts with one of these languages")
    List<String> languages;

    @Option(names = "--lifecycle", split = ",", paramLabel = "STATUS", description = "stored contacts with one of these lifecycle statuses")
    List<String> lifecycles;

    @Option(names = "--account", paramLabel = "ACCOUNT", description = "stored contacts of this account")
    String account;

    @Option(names = "--consumed", paramLabel = "ITEM", description = "stored contacts who consumed this item")
    String consumed;

    @Option(names = "--not-consumed", paramLabel = "ITEM", description = "stored contacts who did not consume this item")
    String notConsumed;

    @Option(names = "--input", paramLabel = "FILE", description = "a file of contacts instead of the stored ones: JSON Lines, or CSV (*.csv) with a header")
    Path input;

    @Option(names = "--input-format", paramLabel = "FORMAT", description = "jsonl or csv (default: from the file name)")
    String inputFormat;

    @Option(names = "--output", paramLabel = "FILE", description = "write here (default: standard output)")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl or csv (default: csv for an --output *.csv, else jsonl)")
    String format;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "5", description = "items per contact, 1 to 50 (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:WEGWEISER_DATA_DIR}",
            description = "the embedded database in DIR (the service must be stopped; default: $WEGWEISER_DATA_DIR)")
    Path dataDir;

    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = "${env:WEGWEISER_JDBC_URL}",
            description = "a PostgreSQL database (default: $WEGWEISER_JDBC_URL); user and password from $WEGWEISER_JDBC_USER and _PASSWORD")
    String jdbcUrl;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "where progress is kept for --resume (default: the output file + .checkpoint)")
    Path checkpoint;

    @Option(names = "--resume", description = "continue the run the checkpoint belongs to, after its last written contact")
    boolean resume;

    @Option(names = "--after", paramLabel = "ID", description = "start after this stored contact id (contacts come by id), "
            + "e.g. the contactId of the last answer an interrupted export delivered")
    String after;

    @Option(names = "--max", paramLabel = "N", description = "stop after N contacts in this run (resume later)")
    Long max;

    @Option(names = "--progress", paramLabel = "SECONDS", defaultValue = "2", description = "seconds between progress lines, 0 for none (default: ${DEFAULT-VALUE})")
    double progressSeconds;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Cli cli;

    /** Set by Ctrl-C (the JVM's shutdown hook): the run stops after the current contact and writes its checkpoint. */
    private final AtomicBoolean stop = new AtomicBoolean();

    /** What a checkpoint file holds: enough to resume, and to refuse resuming another mailing. */
    record Checkpoint(String mailing, String position, long outputBytes, long read, long written, long bad, long empty, boolean done) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String usage = usage();
        if (usage != null) {
            err.println("wegweiser batch: " + usage);
            return Cli.USAGE;
        }
        Clock clock = options.date != null ? ScenarioRunner.clockOn(options.date) : Clock.systemUTC();
        Snapshot snapshot;
        try {
            snapshot = cli.versions.snapshot(clock, options.catalog, options.rules);
        } catch (CatalogException | RuleCompilationException e) {
            err.println("wegweiser batch: cannot load catalog and rules.\n" + e.getMessage());
            return Cli.FAILED;
        }
        try {
            return run(snapshot, clock, err);
        } catch (StorageException e) {
            err.println("wegweiser batch: " + e.getMessage());
            return Cli.FAILED;
        } finally {
            snapshot.evaluator().close();
        }
    }

    private String usage() {
        if (limit < 1 || limit > 50) return "--limit must be from 1 to 50; got " + limit;
        if (max != null && max < 1) return "--max must be at least 1; got " + max;
        if (!(progressSeconds >= 0)) return "--progress must be 0 or more seconds; got " + progressSeconds;
        if (format != null && ExportWriter.Format.parse(format).isEmpty()) return "--format must be jsonl or csv; got " + format;
        if (inputFormat != null && !List.of("jsonl", "csv").contains(inputFormat.toLowerCase(Locale.ROOT))) {
            return "--input-format must be jsonl or csv; got " + inputFormat;
        }
        boolean filtered = phases != null || roles != null || languages != null || lifecycles != null || account != null
                || consumed != null || notConsumed != null;
        if (input != null && filtered) return "the filters (--phase, --role, ...) select stored contacts; a file's contacts are all used";
        if (input != null && !Files.isReadable(input)) return "cannot read the input file " + input;
        if (input == null && !hasDatabase()) {
            return "give the stored contacts' database (--jdbc-url or --data-dir, or WEGWEISER_JDBC_URL), or a file of contacts with --input";
        }
        if (resume && checkpointFile() == null) return "--resume needs the checkpoint: give --checkpoint FILE (or --output FILE)";
        if (after != null) {
            if (input != null) return "--after continues after a stored contact id; a file's run continues with --resume";
            if (resume) return "give either --resume (continue where the checkpoint says) or --after ID, not both";
            if (after.isBlank() || after.length() > 200 || after.chars().anyMatch(Character::isISOControl)) {
                return "--after must be a contact id: 1 to 200 characters without control characters";
            }
        }
        return null;
    }

    private boolean hasDatabase() {
        return (jdbcUrl != null && !jdbcUrl.isBlank()) || dataDir != null;
    }

    private Path checkpointFile() {
        if (checkpoint != null) return checkpoint;
        return output == null ? null : output.resolveSibling(output.getFileName() + ".checkpoint");
    }

    private ExportWriter.Format outputFormat() {
        if (format != null) return ExportWriter.Format.parse(format).orElseThrow();
        return output != null && output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                ? ExportWriter.Format.CSV : ExportWriter.Format.JSONL;
    }

    private int run(Snapshot snapshot, Clock clock, PrintWriter err) throws IOException {
        ContactFilter filter = null;
        if (input == null) {
            Map<String, List<String>> values = new HashMap<>();
            put(values, "phase", phases);
            put(values, "role", roles);
            put(values, "language", languages);
            put(values, "lifecycle", lifecycles);
            put(values, "account", account == null ? null : List.of(account));
            put(values, "consumed", consumed == null ? null : List.of(consumed));
            put(values, "notConsumed", notConsumed == null ? null : List.of(notConsumed));
            Segment.Parsed parsed = Segment.parse(values, snapshot.catalog().taxonomy(), snapshot.catalog());
            if (!parsed.problems().isEmpty()) {
                parsed.problems().forEach(p -> err.println("wegweiser batch: --" + option(p.field()) + ": " + p.message()));
                return Cli.USAGE;
            }
            filter = parsed.filter();
        }
        ExportWriter.Format out = outputFormat();
        String mailing = (input != null ? "file " + input.toAbsolutePath().normalize() : "stored contacts: " + Segment.describe(filter))
                + " | " + out.id() + " | limit " + limit;

        Path checkpointPath = checkpointFile();
        Checkpoint from = null;
        if (checkpointPath != null && Files.exists(checkpointPath)) {
            Checkpoint found;
            try {
                found = Json.MAPPER.readValue(checkpointPath.toFile(), Checkpoint.class);
            } catch (IOException e) {
                err.println("wegweiser batch: the checkpoint " + checkpointPath + " is unreadable (" + e.getMessage().lines().findFirst().orElse("")
                        + "); delete it to start over");
                return Cli.USAGE;
            }
            if (resume) {
                if (!found.mailing().equals(mailing)) {
                    err.println("wegweiser batch: the checkpoint " + checkpointPath + " belongs to another mailing (" + found.mailing()
                            + "); this one is " + mailing);
                    return Cli.USAGE;
                }
                if (found.done()) {
                    err.println("wegweiser batch: the mailing in " + checkpointPath + " is complete: " + found.written() + " answers written");
                    return Cli.OK;
                }
                from = found;
            } else if (!found.done()) {
                err.println("wegweiser batch: " + checkpointPath + " holds an unfinished run (last at " + found.position()
                        + "); add --resume to continue it, or delete the checkpoint to start over");
                return Cli.USAGE;
            }
        } else if (resume) {
            err.println("wegweiser batch: no checkpoint at " + checkpointPath + "; start without --resume");
            return Cli.USAGE;
        }

        Database database = hasDatabase() ? Database.open(dataDir, jdbcUrl == null || jdbcUrl.isBlank() ? null : jdbcUrl.strip(),
                System.getenv("WEGWEISER_JDBC_USER"), System.getenv("WEGWEISER_JDBC_PASSWORD")) : null;
        try {
            ContactStore store = database == null ? null : new ContactStore(database);
            // traces are what a reported click is checked against: kept in the service's database; the command deletes none
            Tracker tracker = store == null ? null : new Tracker(store, clock, Tracker.DEFAULT_RETENTION, Duration.ofDays(3650));
            try {
                if (tracker == null) err.println("wegweiser batch: no database given: the answers are not traced and carry no trackingId");
                RecommendationService service = new RecommendationService(snapshot, clock);
                MailingSource source = input != null
                        ? new ContactFile(input, inputFormat != null ? ContactFile.Format.valueOf(inputFormat.toUpperCase(Locale.ROOT))
                                : ContactFile.formatOf(input), snapshot.catalog().taxonomy(), from == null ? 0 : Long.parseLong(from.position()))
                        : new de.wegweiser.batch.StoredRecipients(store, filter, start(from), () -> snapshot,
                                clock.instant(), de.wegweiser.batch.StoredRecipients.PAGE);
                try (source) {
                    return write(source, service, tracker, out, mailing, checkpointPath, from, err);
                }
            } finally {
                if (tracker != null) tracker.close();
            }
        } catch (IllegalArgumentException e) {
            err.println("wegweiser batch: " + input + ": " + e.getMessage());
            return Cli.USAGE;
        } finally {
            if (database != null) database.close();
        }
    }

    /** Where the stored contacts start: after the checkpoint's last contact, after --after, or at the beginning. */
    private String start(Checkpoint from) {
        return from != null ? from.position() : after;
    }

    private static String option(String field) {
        return field.equals("notConsumed") ? "not-consumed" : field;
    }

    private static void put(Map<String, List<String>> values, String name, List<String> given) {
        if (given != null) values.put(name, given);
    }

    /**
     * Runs the mailing with Ctrl-C caught: the JVM's shutdown hook asks the run to stop and waits
     * until it wrote its checkpoint and summary.
     */
    private int write(MailingSource source, RecommendationService service, Tracker tracker, ExportWriter.Format format, String mailing,
                      Path checkpointPath, Checkpoint from, PrintWriter err) throws IOException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "wegweiser-batch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return mail(source, service, tracker, format, mailing, checkpointPath, from, err);
        } finally {
            err.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is stopping: the hook runs and has just been released
            }
        }
    }

    private int mail(MailingSource source, RecommendationService service, Tracker tracker, ExportWriter.Format format, String mailing,
                     Path checkpointPath, Checkpoint from, PrintWriter err) throws IOException {
        boolean resumed = from != null;
        FileChannel channel = null;
        Writer target;
        if (output != null) {
            if (output.getParent() != null) Files.createDirectories(output.getParent());
            if (resumed && from.outputBytes() >= 0) {
                // a hard kill after the checkpoint may have left answers the resumed run writes again: cut them off
                try (FileChannel cut = FileChannel.open(output, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                    if (cut.size() > from.outputBytes()) cut.truncate(from.outputBytes());
                }
            }
            FileOutputStream file = new FileOutputStream(output.toFile(), resumed);
            channel = file.getChannel();
            target = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8), 1 << 16);
        } else {
            target = new NonClosing(spec.commandLine().getOut());
        }
        Function<RecommendationResult, String> track = tracker == null ? r -> null : tracker::track;
        long started = System.nanoTime();
        Progress progress = new Progress(err, progressSeconds, started, from == null ? 0 : from.read());
        FileChannel outputChannel = channel;
        Mailing.Summary summary;
        try (ExportWriter writer = ExportWriter.of(format, target, limit, !resumed || (outputChannel != null && outputChannel.size() == 0))) {
            Mailing.Listener listener = new Mailing.Listener() {
                @Override
                public void progress(Mailing.Counts counts, MailingSource s) {
                    progress.tick(counts, s);
                }

                @Override
                public void badLine(de.wegweiser.batch.MailingInput.BadLine bad) {
                    err.println("wegweiser batch: line " + bad.line() + ": " + bad.problem());
                }

                @Override
                public void checkpoint(String position, Mailing.Counts counts) throws IOException {
                    writer.flush();
                    if (tracker != null) tracker.flush(); // a written trackingId must find its trace when the click comes
                    if (checkpointPath != null) {
                        save(checkpointPath, new Checkpoint(mailing, position, outputChannel == null ? -1 : outputChannel.size(),
                                counts.read(), counts.written(), counts.bad(), counts.empty(), false));
                    }
                }
            };
            Mailing.Counts before = from == null ? Mailing.Counts.NONE
                    : new Mailing.Counts(from.read(), from.written(), from.bad(), from.empty());
            summary = new Mailing(service, track, limit).run(source, writer, listener, stop::get, before,
                    input == null ? start(from) : from == null ? null : from.position(), CHECKPOINT_EVERY, max == null ? Long.MAX_VALUE : max);
            boolean done = !summary.stopped();
            if (checkpointPath != null && summary.position() != null) {
                writer.flush();
                Mailing.Counts c = summary.counts();
                save(checkpointPath, new Checkpoint(mailing, summary.position(), outputChannel == null ? -1 : outputChannel.size(),
                        c.read(), c.written(), c.bad(), c.empty(), done));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Mailing.Counts c = summary.counts();
        double seconds = (System.nanoTime() - started) / 1e9;
        String counts = String.format(Locale.ROOT, "%,d read, %,d answer%s written (%,d without any item), %,d bad line%s; this run %,d in %.1f s (%,.0f a second)",
                c.read(), c.written(), c.written() == 1 ? "" : "s", c.empty(), c.bad(), c.bad() == 1 ? "" : "s", summary.readThisRun(), seconds,
                summary.readThisRun() / Math.max(seconds, 1e-9));
        if (summary.stopped()) {
            err.println("wegweiser batch: stopped after " + (input != null ? "line " : "contact ") + summary.position() + ": " + counts
                    + (checkpointPath != null ? "; continue with --resume" + (input == null ? " (or --after " + summary.position() + ")" : "")
                    : input == null ? "; continue with --after " + summary.position() : ""));
            return stop.get() ? INTERRUPTED : Cli.OK;
        }
        err.println("wegweiser batch: done: " + counts);
        return c.bad() > 0 ? Cli.FAILED : Cli.OK;
    }

    /** Written next to its final name and moved over it: a crash leaves the old checkpoint or the new one, never half of one. */
    private static void save(Path path, Checkpoint checkpoint) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), checkpoint);
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Standard output stays open after the run: the command line flushes and owns it. */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** A progress line on standard error every few seconds: how far, how fast, and about how long still. */
    private static final class Progress {
        private final PrintWriter err;
        private final long intervalNanos;
        private final long started;
        private final long readBefore;
        private long next;

        Progress(PrintWriter err, double seconds, long started, long readBefore) {
            this.err = err;
            this.intervalNanos = seconds <= 0 ? Long.MAX_VALUE : (long) (seconds * 1e9);
            this.started = started;
            this.readBefore = readBefore;
            this.next = seconds <= 0 ? Long.MAX_VALUE : started + intervalNanos;
        }

        void tick(Mailing.Counts counts, MailingSource source) {
            long now = System.nanoTime();
            if (now < next) return;
            next = now + intervalNanos;
            double seconds = (now - started) / 1e9;
            long thisRun = counts.read() - readBefore;
            double rate = thisRun / seconds;
            double fraction = source.fractionDone();
            String left = fraction > 0 && fraction < 1 ? ", about " + duration(seconds * (1 - fraction) / fraction) + " left" : "";
            String where = source.total() >= 0
                    ? String.format(Locale.ROOT, "%,d of %,d contacts (%.0f%%)", thisRun, source.total(), 100 * Math.max(0, fraction))
                    : String.format(Locale.ROOT, "%,d lines (%.0f%% of the file)", counts.read(), 100 * Math.max(0, fraction));
            err.println(String.format(Locale.ROOT, "wegweiser batch: %s, %,d bad, %,.0f a second%s", where, counts.bad(), rate, left));
        }

        private static String duration(double seconds) {
            long s = Math.round(seconds);
            if (s < 60) return s + " s";
            if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
    }
}
