package de.wegweiser.rules;

import de.wegweiser.domain.ContentItem;
import java.util.List;
import java.util.Set;

/**
 * {@link Candidates} of a complete evaluation: the candidates go into a binary heap (linear) and
 * come out in rank order as far as the caller reads, so the cost grows with the catalog by a scan,
 * not by a sort.
 */
final class RankedEvaluation implements Candidates {

    private final List<ContentItem> items;
    private final Evaluation evaluation;
    private final int[] heap;
    private final boolean[] fallback;
    private final double[] score;
    private int size;

    RankedEvaluation(List<ContentItem> items, Evaluation evaluation, Set<String> excludedIds) {
        this.items = items;
        this.evaluation = evaluation;
        this.heap = new int[items.size()];
        this.fallback = new boolean[items.size()];
        this.score = new double[items.size()];
        for (int i = 0; i < items.size(); i++) {
            ContentItem item = items.get(i);
            if (evaluation.isExcluded(item) || !excludedIds.isEmpty() && excludedIds.contains(item.id())) continue;
            fallback[i] = evaluation.isFallback(item);
            score[i] = evaluation.score(item);
            heap[size++] = i;
        }
        for (int i = size / 2 - 1; i >= 0; i--) siftDown(i);
    }

    /** A complete evaluation ran the rules on every item. */
    @Override
    public int evaluated() { return items.size(); }

    @Override
    public ContentItem next() {
        if (size == 0) return null;
        int first = heap[0];
        heap[0] = heap[--size];
        if (size > 0) siftDown(0);
        return items.get(first);
    }

    @Override
    public boolean isFallback(ContentItem item) { return evaluation.isFallback(item); }

    @Override
    public Verdict verdict(ContentItem item) { return evaluation.verdict(item); }

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

    private boolean before(int a, int b) {
        return RankOrder.compare(items.get(a), fallback[a], score[a], items.get(b), fallback[b], score[b]) < 0;
    }
}
