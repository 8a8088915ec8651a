package de.wegweiser;

/**
 * How many random cases an equivalence test draws (contacts, generated items): all of them in
 * {@code mvn verify}, a share of them in the inner loop ({@code -Pfast} sets
 * {@value #PROPERTY} to 0.25). The properties and the seeds stay the same; only the sample shrinks.
 */
public final class Samples {

    public static final String PROPERTY = "wegweiser.test.samples";
    private static final double SHARE = Double.parseDouble(System.getProperty(PROPERTY, "1"));

    private Samples() {}

    /** {@code full} in a full run, else its share, never fewer than 10. */
    public static int of(int full) {
        return SHARE >= 1 ? full : Math.max(Math.min(full, 10), (int) Math.round(full * SHARE));
    }
}
