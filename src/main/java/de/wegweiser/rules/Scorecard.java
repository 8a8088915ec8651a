package de.wegweiser.rules;

import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Reason;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
    // keyed by identity: every fact is the catalog's own instance, and an identity lookup skips
    // hashing and comparing ids on the hottest path of a request (one lookup per firing)
    private final Map<ContentItem, Tally> entries;
    // a handful of distinct terms per request, looked up once per matching item
    private final Map<String, String> labels = new HashMap<>(16);
    private String currentRule = "?";

    public Scorecard(String language, Taxonomy taxonomy) {
        this(language, taxonomy, 64);
    }

    /** @param expectedItems how many items the rules will probably touch (sizes the table once) */
    public Scorecard(String language, Taxonomy taxonomy, int expectedItems) {
        this.language = language;
        this.taxonomy = taxonomy;
        this.entries = new IdentityHashMap<>(expectedItems);
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
        Tally tally = entry(item);
        tally.reasons.add(new Reason(currentRule, points, pick(en, de)));
        tally.score += points;
    }

    void exclude(ContentItem item, String en, String de) {
        Tally entry = entry(item);
        if (entry.exclusion == null) entry.exclusion = new Reason(currentRule, 0, pick(en, de));
    }

    void fallback(ContentItem item, String en, String de) {
        Tally entry = entry(item);
        if (entry.fallback == null) entry.fallback = new Reason(currentRule, 0, pick(en, de));
    }

    public Map<String, Verdict> verdicts() {
        Map<String, Verdict> verdicts = new HashMap<>();
        entries.forEach((item, e) -> verdicts.put(item.id(), e.verdict(item.id())));
        return verdicts;
    }

    /** What the rules said, with verdicts built only for the items someone asks about. */
    public Evaluation evaluation(int firings) {
        return new Evaluation(entries, firings, true);
    }

    String label(String termId) {
        String label = labels.get(termId);
        if (label == null) labels.put(termId, label = lookUpLabel(termId));
        return label;
    }

    private String lookUpLabel(String termId) {
        for (TermKind kind : TermKind.values()) {
            var term = taxonomy.term(kind, termId);
            if (term.isPresent()) return term.get().label(language);
        }
        return termId;
    }

    private String pick(String en, String de) {
        return "de".equals(language) && de != null && !de.isBlank() ? de : en;
    }

    private Tally entry(ContentItem item) {
        Tally tally = entries.get(item);
        if (tally == null) entries.put(item, tally = new Tally());
        return tally;
    }

    /** One item's points, reasons (in firing order), exclusion and fallback so far. */
    static final class Tally {
        double score;
        final List<Reason> reasons = new ArrayList<>(4);
        Reason exclusion;
        Reason fallback;

        Verdict verdict(String id) {
            return new Verdict(id, score, reasons, exclusion, fallback);
        }
    }
}
