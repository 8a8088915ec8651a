package de.wegweiser.recommend;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.rules.Candidates;
import de.wegweiser.rules.Evaluation;
import de.wegweiser.rules.RankOrder;
import de.wegweiser.rules.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the rules' verdicts into the ordered top N.
 *
 * <ol>
 *   <li>Excluded items are dropped.</li>
 *   <li>Items the rules marked as fallback (e.g. another language) come only after every other candidate.</li>
 *   <li>Within a tier: higher score first; ties go to the newer item, then to the smaller id, so the order
 *       is deterministic ({@link RankOrder}).</li>
 *   <li>Format mix: within each block of {@value #BLOCK} results at most {@value #MAX_SAME_FORMAT} share a
 *       format, as long as another candidate of the same tier is left.</li>
 * </ol>
 */
public final class Ranking {

    static final int BLOCK = 5;
    static final int MAX_SAME_FORMAT = 2;

    private Ranking() {}

    /** An item with its verdict. */
    public record Scored(ContentItem item, Verdict verdict) {}

    /** Every candidate (not excluded), best first, before the format mix is applied. */
    public static List<Scored> candidates(Catalog catalog, Evaluation evaluation) {
        List<ContentItem> candidates = new ArrayList<>();
        for (ContentItem item : catalog.items()) if (!evaluation.isExcluded(item)) candidates.add(item);
        candidates.sort(RankOrder.by(evaluation));
        return candidates.stream().map(item -> new Scored(item, evaluation.verdict(item))).toList();
    }

    /** The top {@code limit} of a complete evaluation, with the format mix applied. */
    public static List<Scored> top(Catalog catalog, Evaluation evaluation, int limit) {
        return top(Candidates.of(catalog.items(), evaluation, Set.of()), limit);
    }

    /**
     * The top {@code limit} candidates with the format mix applied. Reads the candidates in rank
     * order only as far as the format mix needs, so an evaluator that evaluates lazily evaluates
     * little more than the top.
     */
    public static List<Scored> top(Candidates candidates, int limit) {
        List<ContentItem> pending = new ArrayList<>(); // read in order, not picked yet
        List<Scored> picked = new ArrayList<>(limit);
        Map<String, Integer> formatsInBlock = new HashMap<>();
        while (picked.size() < limit) {
            formatsInBlock.clear();
            for (Scored s : picked.subList(picked.size() / BLOCK * BLOCK, picked.size())) {
                formatsInBlock.merge(s.item().format(), 1, Integer::sum);
            }
            ContentItem next = pickNext(pending, candidates, formatsInBlock);
            if (next == null) break;
            picked.add(new Scored(next, candidates.verdict(next)));
        }
        return picked;
    }

    /** The first remaining candidate of the first one's tier whose format is not full in this block, else the first. */
    private static ContentItem pickNext(List<ContentItem> pending, Candidates candidates, Map<String, Integer> formatsInBlock) {
        if (pending.isEmpty()) {
            ContentItem first = candidates.next();
            if (first == null) return null;
            pending.add(first);
        }
        boolean tier = candidates.isFallback(pending.get(0));
        for (int n = 0; ; n++) {
            if (n == pending.size()) {
                ContentItem more = candidates.next();
                if (more == null) break;
                pending.add(more);
            }
            ContentItem candidate = pending.get(n);
            if (candidates.isFallback(candidate) != tier) break; // never jump a tier for variety
            if (formatsInBlock.getOrDefault(candidate.format(), 0) < MAX_SAME_FORMAT) return pending.remove(n);
        }
        return pending.remove(0);
    }
}
