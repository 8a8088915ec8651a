package de.wegweiser.recommend;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.rules.Evaluation;
import de.wegweiser.rules.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
            Verdict verdict = evaluation.verdict(item);
            if (!verdict.isExcluded()) candidates.add(new Scored(item, verdict));
        }
        candidates.sort(ORDER);
        return candidates;
    }

    /**
     * The top {@code limit} candidates with the format mix applied. Same result as sorting every
     * candidate and picking from the front, but only the front is ever sorted: the candidates go
     * into a heap (linear) and are taken out in order as far as the format mix needs, so the cost
     * grows with the catalog only by a scan, not by a sort.
     */
    public static List<Scored> top(Catalog catalog, Evaluation evaluation, int limit) {
        List<ContentItem> items = catalog.items();
        int[] heap = new int[items.size()];
        boolean[] fallback = new boolean[items.size()];
        double[] score = new double[items.size()];
        int size = 0;
        for (int i = 0; i < items.size(); i++) {
            ContentItem item = items.get(i);
            if (evaluation.isExcluded(item)) continue;
            fallback[i] = evaluation.isFallback(item);
            score[i] = evaluation.score(item);
            heap[size++] = i;
        }
        Heap candidates = new Heap(heap, size, items, fallback, score);
        List<Integer> pending = new ArrayList<>(); // taken from the heap, in order, not picked yet
        List<Scored> picked = new ArrayList<>(limit);
        Map<String, Integer> formatsInBlock = new HashMap<>();
        while (picked.size() < limit && (!pending.isEmpty() || !candidates.isEmpty())) {
            formatsInBlock.clear();
            for (Scored s : picked.subList(picked.size() / BLOCK * BLOCK, picked.size())) {
                formatsInBlock.merge(s.item().format(), 1, Integer::sum);
            }
            int next = pickNext(pending, candidates, items, fallback, formatsInBlock);
            picked.add(new Scored(items.get(next), evaluation.verdict(items.get(next))));
        }
        return picked;
    }

    /** The first remaining candidate of the first one's tier whose format is not full in this block, else the first. */
    private static int pickNext(List<Integer> pending, Heap candidates, List<ContentItem> items, boolean[] fallback,
                                Map<String, Integer> formatsInBlock) {
        if (pending.isEmpty()) pending.add(candidates.poll());
        boolean tier = fallback[pending.get(0)];
        for (int n = 0; ; n++) {
            if (n == pending.size()) {
                if (candidates.isEmpty()) break;
                pending.add(candidates.poll());
            }
            int candidate = pending.get(n);
            if (fallback[candidate] != tier) break; // never jump a tier for variety
            if (formatsInBlock.getOrDefault(items.get(candidate).format(), 0) < MAX_SAME_FORMAT) {
                pending.remove(n);
                return candidate;
            }
        }
        return pending.remove(0);
    }

    /** A binary min-heap of item indexes in ranking order (the order of {@link #ORDER}). */
    private static final class Heap {
        private final int[] heap;
        private int size;
        private final List<ContentItem> items;
        private final boolean[] fallback;
        private final double[] score;

        Heap(int[] heap, int size, List<ContentItem> items, boolean[] fallback, double[] score) {
            this.heap = heap;
            this.size = size;
            this.items = items;
            this.fallback = fallback;
            this.score = score;
            for (int i = size / 2 - 1; i >= 0; i--) siftDown(i);
        }

        boolean isEmpty() { return size == 0; }

        int poll() {
            int first = heap[0];
            heap[0] = heap[--size];
            if (size > 0) siftDown(0);
            return first;
        }

        private void siftDown(int i) {
            while (true) {
                int left = 2 * i + 1;
                if (left >= size) return;
                int smallest = left + 1 < size && before(heap[left + 1], heap[left]) ? left + 1 : left;
                if (!before(heap[smallest], heap[i])) return;
                int swap = heap[i];
                heap[i] = heap[smallest];
                heap[smallest] = swap;
                i = smallest;
            }
        }

        /** Same order as {@link #ORDER}: own language first, higher score, newer, smaller id. */
        private boolean before(int a, int b) {
            if (fallback[a] != fallback[b]) return !fallback[a];
            int byScore = Double.compare(score[b], score[a]);
            if (byScore != 0) return byScore < 0;
            java.time.LocalDate pa = items.get(a).published();
            java.time.LocalDate pb = items.get(b).published();
            if (pa == null ? pb != null : !pa.equals(pb)) {
                if (pa == null) return false;
                if (pb == null) return true;
                return pa.isAfter(pb);
            }
            return items.get(a).id().compareTo(items.get(b).id()) < 0;
        }
    }
}
