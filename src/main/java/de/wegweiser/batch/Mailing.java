package de.wegweiser.batch;

import de.wegweiser.recommend.RecommendationResult;
import de.wegweiser.recommend.RecommendationService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Recommendations for every contact of a source, for a newsletter or a mailing: each contact's
 * answer is made, traced and written before the next is read, so memory does not grow with the
 * number of contacts. The answers are the ones the API gives the same contact (the same rules,
 * consumed and paused items left out), each with a trackingId of its own.
 */
public final class Mailing {

    /** Where the answers go: a file, standard output or an HTTP response. */
    public interface Sink {
        /** @param trackingId null when answers are not traced (no database) */
        void write(RecommendationResult result, String trackingId) throws IOException;
    }

    /** Told what happens, on the thread that runs the mailing. */
    public interface Listener {
        /** After every input. */
        default void progress(Counts counts, MailingSource source) {}

        /** A line that is not a contact: the run goes on. */
        default void badLine(MailingInput.BadLine bad) {}

        /**
         * After every {@code checkpointEvery} inputs and at the end: everything up to and including
         * the input at {@code position} is written.
         */
        default void checkpoint(String position, Counts counts) throws IOException {}
    }

    /**
     * Counts of a mailing, from its first run on (a resumed run goes on counting).
     *
     * @param read    inputs read: contacts and bad lines
     * @param written answers written
     * @param bad     input lines that were not contacts
     * @param empty   answers without any item (written all the same)
     */
    public record Counts(long read, long written, long bad, long empty) {
        public static final Counts NONE = new Counts(0, 0, 0, 0);

        Counts wrote(boolean withoutItems) { return new Counts(read + 1, written + 1, bad, empty + (withoutItems ? 1 : 0)); }

        Counts badLine() { return new Counts(read + 1, written, bad + 1, empty); }
    }

    /**
     * @param stopped true when the run stopped early (asked to, or {@code max} reached); resume it from {@code position}
     * @param position the last input written, or the position it started from when it wrote nothing
     */
    public record Summary(Counts counts, boolean stopped, String position, long readThisRun) {}

    private final RecommendationService service;
    private final Function<RecommendationResult, String> track;
    private final int limit;

    /**
     * @param track gives an answer its trackingId (and remembers its trace); returns null when answers are not traced
     * @param limit items per contact
     */
    public Mailing(RecommendationService service, Function<RecommendationResult, String> track, int limit) {
        this.service = service;
        this.track = track;
        this.limit = limit;
    }

    /**
     * Runs until the source is exhausted, {@code stop} says so (checked before every input), or
     * {@code max} inputs were read in this run.
     *
     * @param from            the counts of the runs before (resume), or {@link Counts#NONE}
     * @param startPosition   where the source starts (the position of a checkpoint), or null
     * @param checkpointEvery inputs between two checkpoints
     * @param max             the most inputs to read in this run; Long.MAX_VALUE for all
     */
    public Summary run(MailingSource source, Sink sink, Listener listener, BooleanSupplier stop, Counts from, String startPosition,
                       int checkpointEvery, long max) {
        Counts counts = from;
        String position = startPosition;
        long sinceCheckpoint = 0;
        long thisRun = 0;
        boolean stopped = false;
        try {
            while (true) {
                if (stop.getAsBoolean() || thisRun >= max) {
                    stopped = true;
                    break;
                }
                MailingInput input = source.next();
                if (input == null) break;
                thisRun++;
                if (input instanceof MailingInput.Recipient recipient) {
                    RecommendationResult result = service.recommend(recipient.contact(), recipient.account(), limit, recipient.excluded());
                    sink.write(result, track.apply(result));
                    counts = counts.wrote(result.recommendations().isEmpty());
                } else if (input instanceof MailingInput.BadLine bad) {
                    listener.badLine(bad);
                    counts = counts.badLine();
                }
                position = input.position();
                listener.progress(counts, source);
                if (++sinceCheckpoint >= checkpointEvery) {
                    listener.checkpoint(position, counts);
                    sinceCheckpoint = 0;
                }
            }
            if (position != null) listener.checkpoint(position, counts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary(counts, stopped, position, thisRun);
    }
}
