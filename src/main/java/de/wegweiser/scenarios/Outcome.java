package de.wegweiser.scenarios;

import de.wegweiser.accounts.AccountAssessment;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Reason;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.rules.Evaluation;
import de.wegweiser.rules.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the rules made of one scenario's contact: every candidate in the order the service would
 * list them (the top N is its first N), and each item's verdict, for items that were dropped.
 * With events, {@code contact} is the contact as the journey rules inferred it and {@code journey}
 * how they got there; otherwise {@code journey} is null. For an account scenario only
 * {@code account} is set: how the account rules judged the company.
 */
public record Outcome(Contact contact, LocalDate today, List<Recommendation> ranked, Evaluation evaluation, Catalog catalog,
                      InferredJourney journey, AccountAssessment account) {

    public Outcome {
        ranked = List.copyOf(ranked);
    }

    public Outcome(Contact contact, LocalDate today, List<Recommendation> ranked, Evaluation evaluation, Catalog catalog,
                   InferredJourney journey) {
        this(contact, today, ranked, evaluation, catalog, journey, null);
    }

    /** The outcome of an account scenario. */
    static Outcome of(AccountAssessment account, LocalDate today, Catalog catalog) {
        return new Outcome(null, today, List.of(), null, catalog, null, account);
    }

    /** The outcome of a scenario without events. */
    public Outcome(Contact contact, LocalDate today, List<Recommendation> ranked, Evaluation evaluation, Catalog catalog) {
        this(contact, today, ranked, evaluation, catalog, null);
    }

    public List<Recommendation> top(int n) {
        return ranked.subList(0, Math.min(n, ranked.size()));
    }

    /** 1-based position among all candidates; 0 when the item is not a candidate. */
    public int position(String itemId) {
        for (int i = 0; i < ranked.size(); i++) if (ranked.get(i).item().id().equals(itemId)) return i + 1;
        return 0;
    }

    public ContentItem item(String itemId) {
        return catalog.item(itemId).orElseThrow(() -> new IllegalArgumentException("no item " + itemId));
    }

    /** Rules that said something about the item: added points, excluded it or made it a fallback. */
    public List<String> rulesFor(String itemId) {
        Verdict verdict = evaluation.verdict(itemId);
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
        Verdict verdict = evaluation.verdict(itemId);
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
