package de.wegweiser.rules;

import de.wegweiser.domain.ContentItem;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the generated planner and probe rules of a {@link CandidatePlan} report to. Called from
 * generated right-hand sides only; collects for the run bound to the current thread.
 */
public final class Planning {

    private static final ThreadLocal<List<Match>> MATCHES = new ThreadLocal<>();
    private static final ThreadLocal<Probes> PROBES = new ThreadLocal<>();

    private Planning() {}

    /** One way a rule matches the contact, with the values its item pattern compares with. */
    record Match(int rule, Object[] values) {}

    /** Catalog positions of the items each probe fact found. */
    record Probes(Map<ContentItem, Integer> positions, Map<Object, BitSet> found) {
        Probes(Map<ContentItem, Integer> positions) { this(positions, new IdentityHashMap<>()); }
    }

    public static void matched(int rule, Object[] values) {
        List<Match> matches = MATCHES.get();
        if (matches == null) throw new IllegalStateException("planner rule fired outside planning");
        matches.add(new Match(rule, values));
    }

    public static void probed(Object probe, ContentItem item) {
        Probes probes = PROBES.get();
        if (probes == null) throw new IllegalStateException("probe rule fired outside probing");
        Integer position = probes.positions().get(item);
        if (position != null) probes.found().computeIfAbsent(probe, p -> new BitSet()).set(position);
    }

    static List<Match> collectMatches(Runnable run) {
        List<Match> matches = new ArrayList<>();
        MATCHES.set(matches);
        try {
            run.run();
        } finally {
            MATCHES.remove();
        }
        return matches;
    }

    static Probes collectProbes(Map<ContentItem, Integer> positions, Runnable run) {
        Probes probes = new Probes(positions);
        PROBES.set(probes);
        try {
            run.run();
        } finally {
            PROBES.remove();
        }
        return probes;
    }
}
