package de.wegweiser.recommend;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.rules.Evaluation;
import de.wegweiser.rules.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * Turns the rules' verdicts into the ordered top N.
 *
 * <ol>
 *   <li>Excluded items are dropped.</li>
 *   <li>Items the rules marked as fallback (e.g. another language) come only after every other candidate.</li>
 *   <li>Within a tier: higher score first; ties go to the newer item, then to the smaller id, so the order
 *       is deterministic.</li>
 *   <li>Format mix: within each block of {@value #BLOCK} results at most {@value #MAX_SAME_FORMAT} share a
 *       format, as long as another candidate of the same tier is left.</li>
 * </ol>
 */
public final class Ranking {

    static final int BLOCK = 5;
    static final int MAX_SAME_FORMAT = 2;

    private static final Comparator<Scored> ORDER = Comparator
            .comparing((Scored s) -> s.verdict().isFallback())
            .thenComparing(Comparator.comparingDouble((Scored s) -> s.verdict().score()).reversed())
            .thenComparing((Scored s) -> s.item().published(), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(s -> s.item().id());

    private Ranking() {}

    /** An item with its verdict. */
    public record Scored(ContentItem item, Verdict verdict) {}

    /** Every candidate (not excluded), best first, before the format mix is applied. */
    public static List<Scored> candidates(Catalog catalog, Evaluation evaluation) {
        List<Scored> candidates = new ArrayList<>();
        for (ContentItem item : catalog.items()) {
            Verdict verdict = evaluation.verdict(item.id());
            if (!verdict.isExcluded()) candidates.add(new Scored(item, verdict));
        }
        candidates.sort(ORDER);
        return candidates;
    }

    /** The top {@code limit} candidates with the format mix applied. */
    public static List<Scored> top(Catalog catalog, Evaluation evaluation, int limit) {
        LinkedList<Scored> remaining = new LinkedList<>(candidates(catalog, evaluation));
        List<Scored> picked = new ArrayList<>(limit);
        while (picked.size() < limit && !remaining.isEmpty()) {
            Scored next = pickNext(remaining, picked);
            remaining.remove(next);
            picked.add(next);
        }
        return picked;
    }

    private static Scored pickNext(List<Scored> remaining, List<Scored> picked) {
        Map<String, Integer> formatsInBlock = new HashMap<>();
        for (Scored s : picked.subList(picked.size() / BLOCK * BLOCK, picked.size())) {
            formatsInBlock.merge(s.item().format(), 1, Integer::sum);
        }
        boolean tier = remaining.get(0).verdict().isFallback();
        for (Scored candidate : remaining) {
            if (candidate.verdict().isFallback() != tier) break; // never jump a tier for variety
            if (formatsInBlock.getOrDefault(candidate.item().format(), 0) < MAX_SAME_FORMAT) return candidate;
        }
        return remaining.get(0);
    }
}
