package de.wegweiser.batch;

/**
 * Where a mailing's contacts come from, one at a time, so a mailing of any size holds only the
 * page or line at hand in memory.
 */
public interface MailingSource extends AutoCloseable {

    /** The next input, or null after the last. */
    MailingInput next();

    /** How much of the source is done, 0 to 1, for the estimate of the time left; negative when unknown. */
    double fractionDone();

    /** How many inputs there are in all (from where this run started), or -1 when unknown. */
    long total();

    @Override
    default void close() {}
}
