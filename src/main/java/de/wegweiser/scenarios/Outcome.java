package de.wegweiser.scenarios;

import de.wegweiser.accounts.AccountAssessment;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Reason;
import de.wegweiser.recommend.Ranking;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.rules.Evaluation;
import de.wegweiser.rules.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the rules made of one scenario's contact: the candidates in the order the service would
 * list them (the top N is its first N), and each item's verdict, for items that were dropped.
 * With events, {@code contact} is the contact as the journey rules inferred it and {@code journey}
 * how they got there; otherwise {@code journey} is null. For an account scenario only
 * {@code account} is set: how the account rules judged the company.
 *
 * <p>Worked out only as far as asked: most expectations read a short top N, which the top-k engine
 * answers from a few items, while the whole ranking and every verdict take a pass over the whole
 * catalog (at 10,000 items that pass, once per scenario, was most of a reload's time).
 */
public final class Outcome {

    private final Contact contact;
    private final LocalDate today;
    private final Catalog catalog;
    private final InferredJourney journey;
    private final AccountAssessment account;
    private final Rules rules;
    private List<Recommendation> ranked = List.of(); // the top `asked` (all there are when fewer)
    private int asked;
    private Evaluation evaluation;

    /** The rules of the version under test, asked for one contact; each answer is worked out when first needed. */
    interface Rules {
        /** The top n, best first, as the service lists them, leaving out the given items (not evaluated at all). */
        List<Recommendation> top(int n, Set<String> without);

        /** Every item's verdict. */
        Evaluation all();

        /** The verdicts of the given items (and maybe more). */
        Evaluation some(Set<String> ids);
    }

    /** An account scenario has no contact of its own to recommend to. */
    private static final Rules NO_CONTACT = new Rules() {
        public List<Recommendation> top(int n, Set<String> without) { return List.of(); }

        public Evaluation all() { return null; }

        public Evaluation some(Set<String> ids) { return null; }
    };

    Outcome(Contact contact, LocalDate today, Catalog catalog, InferredJourney journey, Rules rules) {
        this(contact, today, catalog, journey, null, rules);
    }

    private Outcome(Contact contact, LocalDate today, Catalog catalog, InferredJourney journey, AccountAssessment account, Rules rules) {
        this.contact = contact;
        this.today = today;
        this.catalog = catalog;
        this.journey = journey;
        this.account = account;
        this.rules = rules;
    }

    /** The outcome of an account scenario. */
    static Outcome of(AccountAssessment account, LocalDate today, Catalog catalog) {
        return new Outcome(null, today, catalog, null, account, NO_CONTACT);
    }

    public Contact contact() { return contact; }

    public LocalDate today() { return today; }

    public Catalog catalog() { return catalog; }

    public InferredJourney journey() { return journey; }

    public AccountAssessment account() { return account; }

    /** Every item's verdict (one pass over the catalog, the first time). */
    public synchronized Evaluation evaluation() {
        if (evaluation == null) evaluation = rules.all();
        return evaluation;
    }

    /** One item's verdict: from every verdict once they are known, else from evaluating that item alone. */
    public Verdict verdict(String itemId) {
        synchronized (this) {
            if (evaluation != null) return evaluation.verdict(itemId);
        }
        return rules.some(Set.of(itemId)).verdict(itemId);
    }

    public synchronized List<Recommendation> top(int n) {
        if (n > asked && ranked.size() == asked) { // more asked than known, and there may be more
            int all = catalog.items().size();
            asked = Math.max(n, Math.min(2 * asked, all));
            // the whole list from the verdicts, which other expectations read too: one pass, not two
            ranked = asked >= all
                    ? Ranking.top(catalog, evaluation(), all).stream().map(Recommendation::of).toList()
                    : List.copyOf(rules.top(asked, Set.of()));
        }
        return ranked.subList(0, Math.min(n, ranked.size()));
    }

    /** Every candidate, best first. */
    public List<Recommendation> ranked() {
        return top(Math.max(1, catalog.items().size()));
    }

    /**
     * The candidates among the items that pass the filter, best first: only those items are
     * evaluated ("no onboarding guide at any position" reads a few hundred items, not the catalog).
     */
    public List<Recommendation> candidatesAmong(Predicate<ContentItem> filter) {
        synchronized (this) {
            if (ranked.size() < asked || asked >= catalog.items().size()) {
                return ranked.stream().filter(r -> filter.test(r.item())).toList();
            }
        }
        Set<String> others = new HashSet<>();
        int among = 0;
        for (ContentItem item : catalog.items()) {
            if (filter.test(item)) among++;
            else others.add(item.id());
        }
        return among == 0 ? List.of() : rules.top(among, others);
    }

    /** 1-based position among all candidates; 0 when the item is not a candidate. */
    public int position(String itemId) {
        List<Recommendation> known;
        synchronized (this) {
            known = ranked;
        }
        for (int i = 0; i < known.size(); i++) if (known.get(i).item().id().equals(itemId)) return i + 1;
        if (known.size() < asked) return 0; // the known ones are all there are
        List<Recommendation> all = ranked();
        for (int i = known.size(); i < all.size(); i++) if (all.get(i).item().id().equals(itemId)) return i + 1;
        return 0;
    }

    public ContentItem item(String itemId) {
        return catalog.item(itemId).orElseThrow(() -> new IllegalArgumentException("no item " + itemId));
    }

    /** Rules that said something about the item: added points, excluded it or made it a fallback. */
    public List<String> rulesFor(String itemId) {
        Verdict verdict = verdict(itemId);
        List<String> rules = new ArrayList<>();
        verdict.reasons().forEach(r -> rules.add(r.rule()));
        if (verdict.exclusion() != null) rules.add(verdict.exclusion().rule());
        if (verdict.fallback() != null) rules.add(verdict.fallback().rule());
        return rules.stream().distinct().toList();
    }

    /** {@code 1. cs-x (case-study, de, 88)} for each item of the top n. */
    public String describeTop(int n) {
        List<Recommendation> top = top(n);
        if (top.isEmpty()) return "the list is empty";
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) entries.add((i + 1) + ". " + brief(top.get(i)));
        return String.join(", ", entries);
    }

    /** Where an item ended up, for a failure message: its position and score, or why it was dropped. */
    public String whereIs(String itemId) {
        Verdict verdict = verdict(itemId);
        if (verdict.isExcluded()) {
            Reason why = verdict.exclusion();
            return "it was excluded by rule \"" + why.rule() + "\" (" + why.explanation() + ")";
        }
        int position = position(itemId);
        if (position == 0) return "it is not a candidate";
        String fallback = verdict.isFallback() ? ", only as a fallback (rule \"" + verdict.fallback().rule() + "\")" : "";
        return "it is at position " + position + " with " + points(verdict.score()) + " points" + fallback
                + "; its reasons: " + reasons(verdict.reasons());
    }

    static String brief(Recommendation r) {
        return r.item().id() + " (" + r.item().format() + ", " + r.item().language() + ", " + points(r.score()) + ")";
    }

    /** Points as marketers write them: 20, not 20.0. */
    public static String points(double score) {
        return score == Math.rint(score) ? String.valueOf((long) score) : String.valueOf(score);
    }

    static String reasons(List<Reason> reasons) {
        if (reasons.isEmpty()) return "none";
        return reasons.stream().map(r -> r.rule() + " " + (r.points() >= 0 ? "+" : "") + points(r.points()))
                .collect(Collectors.joining(", "));
    }
}
