package de.wegweiser.rules;

import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Reason;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what the rules say during one evaluation. Not thread-safe: exactly one per session
 * run, bound to the evaluating thread so the DRL helpers in {@link Scoring} can find it.
 */
public final class Scorecard {

    private static final ThreadLocal<Scorecard> CURRENT = new ThreadLocal<>();

    private final String language;
    private final Taxonomy taxonomy;
    private final Map<String, Entry> entries = new HashMap<>();
    private String currentRule = "?";

    public Scorecard(String language, Taxonomy taxonomy) {
        this.language = language;
        this.taxonomy = taxonomy;
    }

    /** Makes this scorecard the target of the {@link Scoring} helpers on this thread. */
    public void bind() { CURRENT.set(this); }

    public static void unbind() { CURRENT.remove(); }

    static Scorecard current() {
        Scorecard card = CURRENT.get();
        if (card == null) throw new IllegalStateException("recommend/exclude called outside a rule evaluation");
        return card;
    }

    /** Called by the evaluator just before a rule's right-hand side runs. */
    public void enterRule(String rule) { currentRule = rule; }

    void recommend(ContentItem item, double points, String en, String de) {
        entry(item).reasons.add(new Reason(currentRule, points, pick(en, de)));
        entry(item).score += points;
    }

    void exclude(ContentItem item, String en, String de) {
        Entry entry = entry(item);
        if (entry.exclusion == null) entry.exclusion = new Reason(currentRule, 0, pick(en, de));
    }

    void fallback(ContentItem item, String en, String de) {
        Entry entry = entry(item);
        if (entry.fallback == null) entry.fallback = new Reason(currentRule, 0, pick(en, de));
    }

    public Map<String, Verdict> verdicts() {
        Map<String, Verdict> verdicts = new HashMap<>();
        entries.forEach((id, e) -> verdicts.put(id, new Verdict(id, e.score, e.reasons, e.exclusion, e.fallback)));
        return verdicts;
    }

    String label(String termId) {
        for (TermKind kind : TermKind.values()) {
            var term = taxonomy.term(kind, termId);
            if (term.isPresent()) return term.get().label(language);
        }
        return termId;
    }

    private String pick(String en, String de) {
        return "de".equals(language) && de != null && !de.isBlank() ? de : en;
    }

    private Entry entry(ContentItem item) {
        return entries.computeIfAbsent(item.id(), id -> new Entry());
    }

    private static final class Entry {
        double score;
        final List<Reason> reasons = new ArrayList<>();
        Reason exclusion;
        Reason fallback;
    }
}
