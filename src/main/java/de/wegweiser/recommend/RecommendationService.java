package de.wegweiser.recommend;

import de.wegweiser.domain.Contact;
import de.wegweiser.rules.Evaluation;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Contact in, ranked and explained list out. Knows nothing about HTTP. Thread-safe: each call
 * reads the current {@link Snapshot} once and works on it alone, so a swap never mixes versions.
 */
public final class RecommendationService {

    private final AtomicReference<Snapshot> current;
    private final Clock clock;

    public RecommendationService(Snapshot initial, Clock clock) {
        this.current = new AtomicReference<>(initial);
        this.clock = clock;
    }

    public Snapshot snapshot() { return current.get(); }

    /** Puts a new version live; calls already running finish on the old one. */
    public Snapshot replace(Snapshot next) { return current.getAndSet(next); }

    public LocalDate today() { return LocalDate.now(clock); }

    public RecommendationResult recommend(Contact contact, int limit) {
        Snapshot snapshot = current.get();
        Evaluation evaluation = snapshot.evaluator().evaluate(contact, today());
        List<Recommendation> top = Ranking.top(snapshot.catalog(), evaluation, limit).stream()
                .map(s -> new Recommendation(s.item(), s.verdict().score(), s.verdict().explanation()))
                .toList();
        return new RecommendationResult(contact.id(), snapshot.rules().version(), snapshot.catalog().version(), top);
    }
}
