package de.wegweiser.rules.conditions;

import de.wegweiser.domain.Account;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Today;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * "Why did my rule not fire for this item?": every recommendation rule that did not fire for one
 * item and one contact, with the first of its conditions that failed, in English and German.
 *
 * <p>Works on the parsed rule (Drools' own DRL parser, the same descriptors the safety check
 * walks), evaluated against the contact, the item, the day and the account: no text is searched
 * with patterns, and no Drools session is needed. The rules are parsed on the first question, not
 * at every reload: most versions are never asked.
 */
public final class WhyNot {

    /** For rule books without rule files (tests of the engine alone). */
    public static final WhyNot NONE = new WhyNot(Map.of(), (file, line) -> line);

    /** Where a line of a compiled text is for the marketer: a rule made from a decision table is at its row. */
    public interface Lines {
        int at(String file, int line);
    }

    private final Map<String, String> texts;
    private final Lines lines;
    private volatile List<ParsedRule> rules;
    private final Conditions.Parsed parsed = new Conditions.Parsed();

    private WhyNot(Map<String, String> texts, Lines lines) {
        this.texts = new TreeMap<>(texts);
        this.lines = lines;
    }

    /** @param texts the recommendation rule files' texts by file name, as compiled */
    public static WhyNot of(Map<String, String> texts) {
        return new WhyNot(texts, (file, line) -> line);
    }

    /** @param lines maps a line of a compiled text to the line the marketer wrote (decision tables) */
    public static WhyNot of(Map<String, String> texts, Lines lines) {
        return new WhyNot(texts, lines);
    }

    /**
     * What one rule evaluation needs to know.
     *
     * @param catalog every item: what {@code not} and {@code exists} over items look at
     * @param account the contact's account, or null
     */
    public record Facts(Contact contact, ContentItem item, LocalDate today, Account account, Collection<ContentItem> catalog) {}

    /**
     * Every rule that did not fire, in the order of the files, with its first failed condition.
     *
     * @param fired the names of the rules that fired for the item (its reasons, its exclusion, its fallback)
     */
    public List<NotFired> notFired(Facts facts, Set<String> fired) {
        List<NotFired> result = new ArrayList<>();
        for (ParsedRule rule : rules()) {
            if (fired.contains(rule.name())) continue;
            Conditions.Failure failure = switchedOff(rule, facts.today());
            if (failure == null) failure = new Conditions(facts, parsed).firstFailure(rule.descr());
            if (failure == null) {
                // Only the first exclusion and fallback are kept, and a rule may fire without a visible effect.
                result.add(new NotFired(rule.name(), rule.file(), lines.at(rule.file(), rule.line()), null, 0,
                        "its conditions hold for this item; it fired, but what it decided does not show"
                                + " (only the first rule that excludes an item is named)",
                        "ihre Bedingungen treffen auf diesen Inhalt zu; sie hat gefeuert, aber ihre Entscheidung ist nicht sichtbar"
                                + " (genannt wird nur die erste Regel, die einen Inhalt ausschließt)"));
            } else {
                result.add(new NotFired(rule.name(), rule.file(), lines.at(rule.file(), rule.line()), failure.condition(),
                        lines.at(rule.file(), failure.line()),
                        failure.english(), failure.german()));
            }
        }
        return result;
    }

    /**
     * Every recommendation rule, in the order of the files, and whether it can fire for the item
     * judged by the item alone: what a marketer needs to see which rules an item can meet at all.
     */
    public List<RuleFit> rulesFor(ContentItem item, Collection<ContentItem> catalog, LocalDate today) {
        CatalogFit fit = new CatalogFit(rules(), texts, parsed, catalog, today, fitMemo);
        List<RuleFit> result = new ArrayList<>();
        for (ParsedRule rule : rules()) {
            Conditions.Failure off = switchedOff(rule, today);
            RuleFit one = fit.fit(rule, item, lines);
            result.add(off == null ? one : new RuleFit(one.rule(), one.file(), one.line(), one.effect(), one.points(), false, false,
                    off.condition(), lines.at(rule.file(), off.line()), off.english(), off.german()));
        }
        return result;
    }

    private record FitKey(String catalogVersion, LocalDate today) {}

    private volatile Map.Entry<FitKey, List<de.wegweiser.rules.RuleProblem>> fit;
    private final CatalogFit.Memo fitMemo = new CatalogFit.Memo();

    /**
     * The rules held against the live catalog: warnings for an item id that does not exist, a rule
     * that can fire for no item or only for items in one language, and a rule whose points cannot
     * change any ranking (see {@link CatalogFit}). Remembered for the last catalog version and day:
     * the admin status asks on every call.
     */
    public List<de.wegweiser.rules.RuleProblem> catalogFit(String catalogVersion, Collection<ContentItem> items, LocalDate today) {
        FitKey key = new FitKey(catalogVersion, today);
        Map.Entry<FitKey, List<de.wegweiser.rules.RuleProblem>> last = fit;
        if (last != null && last.getKey().equals(key)) return last.getValue();
        List<de.wegweiser.rules.RuleProblem> warnings = List.copyOf(new CatalogFit(rules(), texts, parsed, items, today, fitMemo).check());
        fit = Map.entry(key, warnings);
        return warnings;
    }

    /** {@code enabled false}, {@code date-effective}, {@code date-expires}. */
    private static Conditions.Failure switchedOff(ParsedRule rule, LocalDate today) {
        AttributeDescr enabled = rule.descr().getAttributes().get("enabled");
        if (enabled != null && enabled.getValue().strip().equals("false")) {
            return new Conditions.Failure("enabled false", enabled.getLine(), List.of(),
                    "the rule is switched off ('enabled false')", "die Regel ist abgeschaltet ('enabled false')", "", "");
        }
        LocalDate from = date(rule.descr().getAttributes().get("date-effective"));
        if (from != null && today.isBefore(from)) {
            return new Conditions.Failure("date-effective", rule.descr().getAttributes().get("date-effective").getLine(), List.of(),
                    "the rule takes effect on " + from, "die Regel gilt erst ab " + from, "; today is " + today, "; heute ist " + today);
        }
        LocalDate until = date(rule.descr().getAttributes().get("date-expires"));
        if (until != null && !today.isBefore(until)) {
            return new Conditions.Failure("date-expires", rule.descr().getAttributes().get("date-expires").getLine(), List.of(),
                    "the rule expired on " + until, "die Regel ist seit " + until + " abgelaufen", "; today is " + today, "; heute ist " + today);
        }
        return null;
    }

    private static LocalDate date(AttributeDescr attribute) {
        if (attribute == null) return null;
        String value = attribute.getValue().strip().replace("\"", "");
        try {
            return LocalDate.parse(value);
        } catch (RuntimeException notIso) {
            try {
                return LocalDate.parse(value, java.time.format.DateTimeFormatter.ofPattern("d-MMM-yyyy", java.util.Locale.ENGLISH));
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private List<ParsedRule> rules() {
        List<ParsedRule> parsed = rules;
        if (parsed != null) return parsed;
        synchronized (this) {
            if (rules == null) rules = parse(texts);
            return rules;
        }
    }

    private static List<ParsedRule> parse(Map<String, String> texts) {
        List<ParsedRule> parsed = new ArrayList<>();
        texts.forEach((file, text) -> {
            DrlParser parser = new DrlParser();
            try {
                PackageDescr pkg = parser.parse(false, text);
                if (pkg == null || parser.hasErrors()) return; // compiled files parse; this is only a guard
                for (RuleDescr rule : pkg.getRules()) {
                    if (!rule.isQuery()) parsed.add(new ParsedRule(rule.getName(), file, rule.getLine(), rule));
                }
            } catch (DroolsParserException e) {
                // cannot happen for files that compiled; a rule that cannot be parsed is simply not explained
            }
        });
        return List.copyOf(parsed);
    }

    record ParsedRule(String name, String file, int line, RuleDescr descr) {}

    /** A fact for a pattern on {@code Today}: the rules see the day as this record. */
    static Today today(LocalDate day) {
        return new Today(day);
    }
}
