package de.wegweiser.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.wegweiser.Samples;
import de.wegweiser.TestApp;
import de.wegweiser.bench.CatalogGenerator;
import de.wegweiser.bench.ContactGenerator;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.Contact;
import de.wegweiser.rules.Evaluation;
import de.wegweiser.rules.Evaluator;
import de.wegweiser.rules.PooledSessionEvaluator;
import de.wegweiser.rules.RuleCompiler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heap-based top N is exactly "sort every candidate, then pick with the format mix". */
class RankingTest {

    @Test
    void top_n_equals_sorting_all_candidates_and_picking_from_the_front_for_500_contacts() throws Exception {
        Catalog bundled = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
        Catalog catalog = new CatalogGenerator(bundled).generate(1500, TestApp.TODAY, 5);
        try (Evaluator engine = new PooledSessionEvaluator(new RuleCompiler(TestApp.CLOCK).compile(TestApp.RULES), catalog, 1)) {
            int limit = 1;
            for (Contact contact : new ContactGenerator(catalog, 9).contacts(Samples.of(500))) {
                Evaluation evaluation = engine.evaluate(contact, TestApp.TODAY);
                limit = limit % 50 + 7;
                assertEquals(ids(straightforward(catalog, evaluation, limit)), ids(Ranking.top(catalog, evaluation, limit)), contact::toString);
            }
        }
    }

    private static List<String> ids(List<Ranking.Scored> scored) {
        return scored.stream().map(s -> s.item().id() + " " + s.verdict().score()).toList();
    }

    /** The ranking as first written: sort all candidates, then pick with the format mix. */
    private static List<Ranking.Scored> straightforward(Catalog catalog, Evaluation evaluation, int limit) {
        List<Ranking.Scored> remaining = new ArrayList<>(Ranking.candidates(catalog, evaluation));
        List<Ranking.Scored> picked = new ArrayList<>();
        while (picked.size() < limit && !remaining.isEmpty()) {
            Map<String, Integer> formats = new HashMap<>();
            for (Ranking.Scored s : picked.subList(picked.size() / Ranking.BLOCK * Ranking.BLOCK, picked.size())) {
                formats.merge(s.item().format(), 1, Integer::sum);
            }
            Ranking.Scored next = remaining.get(0);
            boolean tier = next.verdict().isFallback();
            for (Ranking.Scored candidate : remaining) {
                if (candidate.verdict().isFallback() != tier) break;
                if (formats.getOrDefault(candidate.item().format(), 0) < Ranking.MAX_SAME_FORMAT) {
                    next = candidate;
                    break;
                }
            }
            remaining.remove(next);
            picked.add(next);
        }
        return picked;
    }
}
