package de.wegweiser.rules.conditions;

import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.files.SourceFiles;
import de.wegweiser.rules.ProblemCode;
import de.wegweiser.rules.RuleProblem;
import de.wegweiser.rules.Severity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * The rules held against the live catalog: mistakes that compile, load and silently do nothing.
 * All are warnings with file, line and column: a catalog edit must never stop the rules from
 * loading, and the rules are only re-checked, not recompiled, when the catalog changes.
 * <ul>
 *   <li>{@link ProblemCode#UNKNOWN_ITEM_ID}: {@code ContentItem( id == "cmp-buy-lease-rnt-en" )} names
 *       no item of the catalog (with "did you mean");</li>
 *   <li>{@link ProblemCode#NO_ITEM_MATCHES}: the item's conditions that do not depend on the contact
 *       hold for no item at all;</li>
 *   <li>{@link ProblemCode#ONE_LANGUAGE_ONLY}: they hold only for items in one language, though the
 *       rule says nothing about language and the catalog has more;</li>
 *   <li>{@link ProblemCode#NO_EFFECT}: the rule's points can never change a ranking, by a criterion
 *       that is sound rather than clever: it gives 0 points, or every item it can fire for is
 *       excluded for every contact today (expired, a past event) by a rule that looks at no
 *       contact's data.</li>
 * </ul>
 * Conditions that compare with a binding ({@code roles contains $role}) depend on the contact and
 * are taken as "may hold": the check only warns about what no contact can change.
 */
final class CatalogFit {

    private final List<WhyNot.ParsedRule> rules;
    private final Map<String, String> texts;
    private final Conditions.Parsed parsed;
    private final List<ContentItem> items;
    private final LocalDate today;
    private final Conditions conditions;
    /** The same conditions, with words: only for the few that end up in a warning. */
    private final Conditions wording;
    private final Map<String, Boolean> alwaysExcluded = new HashMap<>();
    private List<WhyNot.ParsedRule> unconditionalExclusions;
    private final Memo memo;

    /** Per rule, the items of the last catalog its fixed conditions hold for (for one rule book, on one day). */
    static final class Memo {
        private LocalDate day;
        private Map<ContentItem, Integer> positions = new java.util.IdentityHashMap<>();
        private final Map<String, java.util.BitSet> holds = new HashMap<>();
        private Map<ContentItem, Integer> next;

        /** The items the test holds for, in catalog order; asks the test only for items the last catalog did not have. */
        synchronized List<ContentItem> matching(String rule, List<ContentItem> items, LocalDate today,
                                                java.util.function.Predicate<ContentItem> test) {
            if (!today.equals(day)) {
                day = today;
                positions = new java.util.IdentityHashMap<>();
                holds.clear();
            }
            if (next == null) {
                next = new java.util.IdentityHashMap<>(items.size() * 2);
                for (int i = 0; i < items.size(); i++) next.put(items.get(i), i);
            }
            java.util.BitSet known = holds.get(rule);
            java.util.BitSet now = new java.util.BitSet(items.size());
            List<ContentItem> matching = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                ContentItem item = items.get(i);
                Integer before = known == null ? null : positions.get(item);
                if (before != null ? known.get(before) : test.test(item)) {
                    now.set(i);
                    matching.add(item);
                }
            }
            holds.put(rule, now);
            return matching;
        }

        /** The check is done: the next one compares with this catalog. */
        synchronized void done() {
            if (next != null) positions = next;
            next = null;
        }
    }

    /**
     * @param memo what the last check found per rule and item; an item of a file that did not change is the same
     *             object in the next catalog, so a catalog edit re-checks only the edited file's items
     */
    CatalogFit(List<WhyNot.ParsedRule> rules, Map<String, String> texts, Conditions.Parsed parsed,
               Collection<ContentItem> items, LocalDate today, Memo memo) {
        this.memo = memo;
        this.rules = rules;
        this.texts = texts;
        this.parsed = parsed;
        this.items = List.copyOf(items);
        this.today = today;
        this.conditions = new Conditions(new WhyNot.Facts(ANY_CONTACT, null, today, null, this.items), parsed, true);
        this.wording = new Conditions(new WhyNot.Facts(ANY_CONTACT, null, today, null, this.items), parsed);
    }

    /** A contact for rules that look at no contact's data: any contact gives the same answer. */
    private static final Contact ANY_CONTACT = new Contact("", "", Set.of(), JourneyPhase.NON_AWARENESS, "en", Set.of(),
            null, null, Set.of(), null, false);

    List<RuleProblem> check() {
        synchronized (memo) { // one check at a time learns from the last
            try {
                return checkAll();
            } finally {
                memo.done();
            }
        }
    }

    private List<RuleProblem> checkAll() {
        List<RuleProblem> warnings = new ArrayList<>();
        if (items.isEmpty()) return warnings;
        Set<String> ids = new TreeSet<>();
        Set<String> languages = new TreeSet<>();
        for (ContentItem item : items) {
            ids.add(item.id());
            languages.add(item.language());
        }
        for (WhyNot.ParsedRule rule : rules) {
            PatternDescr pattern = itemPattern(rule.descr());
            if (pattern == null) continue;
            itemIds(rule, rule.descr().getLhs(), ids, warnings);
            List<ExprConstraintDescr> fixed = new ArrayList<>();
            boolean languageNamed = false;
            for (BaseDescr descr : pattern.getConstraint().getDescrs()) {
                if (!(descr instanceof ExprConstraintDescr constraint)) continue;
                String text = constraint.getExpression();
                if (text.matches("(?s).*\\blanguage\\b.*")) languageNamed = true;
                if (!text.contains("$")) fixed.add(constraint);
            }
            List<ContentItem> matching = memo.matching(rule.file() + "\u0000" + rule.name(), items, today,
                    item -> holdsForAll(fixed, item));
            if (matching.isEmpty() && !fixed.isEmpty()) {
                warnings.add(warning(rule, ProblemCode.NO_ITEM_MATCHES, "the rule can fire for no item of the live catalog: "
                        + needs(fixed)));
                continue;
            }
            Set<String> matchedLanguages = new TreeSet<>();
            matching.forEach(i -> matchedLanguages.add(i.language()));
            if (!languageNamed && !fixed.isEmpty() && matchedLanguages.size() == 1 && languages.size() > 1) {
                String language = matchedLanguages.iterator().next();
                Set<String> others = new TreeSet<>(languages);
                others.remove(language);
                warnings.add(warning(rule, ProblemCode.ONE_LANGUAGE_ONLY, "the rule can fire only for items in '" + language + "' ("
                        + count(matching.size()) + "); for contacts who read '" + String.join("' or '", others)
                        + "' it would need an item in that language that meets " + String.join(" and ", words(fixed, others))));
            }
            noEffect(rule, matching, warnings);
        }
        return warnings;
    }

    /**
     * Whether the rule can fire for the item, judged by the item alone (see {@link RuleFit}).
     *
     * @param lines where a line of the compiled text is for the marketer
     */
    RuleFit fit(WhyNot.ParsedRule rule, ContentItem item, WhyNot.Lines lines) {
        RuleDescr descr = rule.descr();
        String effect = effect(descr);
        List<Double> points = points(descr);
        Double fixed = points.size() == 1 ? points.get(0) : null;
        int line = lines.at(rule.file(), rule.line());
        PatternDescr pattern = itemPattern(descr);
        if (pattern != null) {
            Conditions words = new Conditions(new WhyNot.Facts(ANY_CONTACT, item, today, null, items), parsed);
            Map<String, Object> day = words.dayBindings(descr);
            for (BaseDescr constraint : pattern.getConstraint().getDescrs()) {
                if (!(constraint instanceof ExprConstraintDescr expression)) continue;
                Conditions.Failure failure = words.itemFailure(expression, item, day);
                if (failure != null) {
                    return new RuleFit(rule.name(), rule.file(), line, effect, fixed, false, false, failure.condition(),
                            lines.at(rule.file(), failure.line()), failure.english(), failure.german());
                }
            }
        }
        return new RuleFit(rule.name(), rule.file(), line, effect, fixed, true, looksAtNoContact(descr), null, 0, null, null);
    }

    /** What the rule does: the first of exclude, fallback and recommend that its actions call. */
    private static String effect(RuleDescr rule) {
        String effect = "recommend";
        for (MethodCallExpr call : actions(rule)) {
            String name = call.getNameAsString();
            if (name.equals("exclude")) return "exclude";
            if (name.equals("fallback")) effect = "fallback";
        }
        return effect;
    }

    // ------------------------------------------------------------ the checks

    /** {@code id == "..."}, {@code id in (...)}, {@code id != "..."} with an id the catalog does not have. */
    private void itemIds(WhyNot.ParsedRule rule, BaseDescr descr, Set<String> ids, List<RuleProblem> warnings) {
        if (descr instanceof PatternDescr pattern) {
            if (!simpleName(pattern.getObjectType()).equals("ContentItem")) return;
            for (BaseDescr child : pattern.getConstraint().getDescrs()) {
                if (!(child instanceof ExprConstraintDescr constraint)) continue;
                ConstraintConnectiveDescr tree = parsed.constraint(constraint.getExpression());
                if (tree != null) idLiterals(rule, constraint, tree, ids, warnings);
            }
        } else if (descr instanceof ConditionalElementDescr element) {
            for (BaseDescr child : element.getDescrs()) itemIds(rule, child, ids, warnings);
        }
    }

    private void idLiterals(WhyNot.ParsedRule rule, ExprConstraintDescr at, BaseDescr descr, Set<String> ids, List<RuleProblem> warnings) {
        if (descr instanceof ConstraintConnectiveDescr connective) {
            for (BaseDescr child : connective.getDescrs()) idLiterals(rule, at, child, ids, warnings);
        } else if (descr instanceof RelationalExprDescr relation && relation.getLeft() instanceof AtomicExprDescr left
                && relation.getRight() instanceof AtomicExprDescr right) {
            String field = left.getExpression().strip();
            String literal = right.getExpression().strip();
            if (!(field.equals("id") || field.equals("this.id")) || literal.length() < 2
                    || !(literal.startsWith("\"") && literal.endsWith("\"") || literal.startsWith("'") && literal.endsWith("'"))) {
                return;
            }
            String id = literal.substring(1, literal.length() - 1);
            if (ids.contains(id)) return;
            String message = "no item of the live catalog has the id '" + id + "'"
                    + Taxonomy.nearest(id, ids).map(n -> "; did you mean '" + n + "'?").orElse("; the condition never holds");
            warnings.add(at(rule, at, literal, ProblemCode.UNKNOWN_ITEM_ID, message));
        }
    }

    private String needs(List<ExprConstraintDescr> fixed) {
        List<Integer> counts = new ArrayList<>();
        for (ExprConstraintDescr constraint : fixed) {
            int n = 0;
            for (ContentItem item : items) if (conditions.mayHold(constraint, item)) n++;
            counts.add(n);
        }
        List<String> words = words(fixed, Set.of());
        for (int i = 0; i < fixed.size(); i++) {
            if (counts.get(i) == 0) return "it wants " + words.get(i) + ", and no item has that";
        }
        List<String> each = new ArrayList<>();
        for (int i = 0; i < fixed.size(); i++) each.add(words.get(i) + " (" + count(counts.get(i)) + ")");
        return "it wants " + String.join(" and ", words) + " together, and no item has all of that; each alone: "
                + String.join(", ", each);
    }

    /**
     * 0 points, or every item the rule can fire for is excluded for everyone today. Only rules that
     * recommend: an exclusion or a fallback changes a ranking by what it removes.
     */
    private void noEffect(WhyNot.ParsedRule rule, List<ContentItem> matching, List<RuleProblem> warnings) {
        List<Double> points = points(rule.descr());
        if (points.isEmpty() || points.contains(null)) return;
        if (points.stream().allMatch(p -> p == 0)) {
            warnings.add(warning(rule, ProblemCode.NO_EFFECT, "the rule gives 0 points: it cannot change any recommendation; "
                    + "give it points, or remove it"));
            return;
        }
        if (matching.isEmpty()) return;
        String by = null;
        for (ContentItem item : matching) {
            String excluder = excluderOf(item);
            if (excluder == null) return;
            if (by == null) by = excluder;
        }
        warnings.add(warning(rule, ProblemCode.NO_EFFECT, "every item the rule can fire for (" + count(matching.size())
                + ") is excluded for every contact as of " + today + " (e.g. by \"" + by + "\"): its points cannot change any "
                + "recommendation"));
    }

    /** The first rule that excludes the item whoever the contact is, or null. */
    private String excluderOf(ContentItem item) {
        if (unconditionalExclusions == null) {
            unconditionalExclusions = new ArrayList<>();
            for (WhyNot.ParsedRule rule : rules) if (excludes(rule.descr()) && looksAtNoContact(rule.descr())) unconditionalExclusions.add(rule);
        }
        for (WhyNot.ParsedRule exclusion : unconditionalExclusions) {
            String key = exclusion.name() + "\u0000" + item.id();
            boolean excluded = alwaysExcluded.computeIfAbsent(key, k -> new Conditions(
                    new WhyNot.Facts(ANY_CONTACT, item, today, null, items), parsed, true).firstFailure(exclusion.descr()) == null);
            if (excluded) return exclusion.name();
        }
        return null;
    }

    /** No condition on the contact, and the contact not used anywhere else in the rule. */
    private static boolean looksAtNoContact(RuleDescr rule) {
        for (BaseDescr element : rule.getLhs().getDescrs()) {
            if (!(element instanceof PatternDescr pattern)) return false;
            String type = simpleName(pattern.getObjectType());
            if (type.equals("Contact")) {
                if (!pattern.getConstraint().getDescrs().isEmpty()) return false;
                if (pattern.getIdentifier() != null && mentions(rule, pattern.getIdentifier())) return false;
            } else if (type.equals("Account")) {
                return false;
            }
        }
        return true;
    }

    private static boolean mentions(RuleDescr rule, String binding) {
        for (BaseDescr element : rule.getLhs().getDescrs()) {
            if (element instanceof PatternDescr pattern) {
                if (pattern.getSource() != null && String.valueOf(pattern.getSource().getText()).contains(binding)) return true;
                for (BaseDescr c : pattern.getConstraint().getDescrs()) {
                    if (c instanceof ExprConstraintDescr e && e.getExpression().contains(binding)) return true;
                }
            }
        }
        return false;
    }

    private static boolean excludes(RuleDescr rule) {
        for (MethodCallExpr call : actions(rule)) if (call.getNameAsString().equals("exclude")) return true;
        return false;
    }

    /** The points of each recommend(...) call; null for points that are not a number literal. */
    private static List<Double> points(RuleDescr rule) {
        List<Double> points = new ArrayList<>();
        for (MethodCallExpr call : actions(rule)) {
            if (!call.getNameAsString().equals("recommend") || call.getArguments().size() < 2) continue;
            points.add(number(call.getArgument(1)));
        }
        return points;
    }

    private static Double number(Expression e) {
        if (e instanceof IntegerLiteralExpr i) return i.asNumber().doubleValue();
        if (e instanceof LongLiteralExpr l) return l.asNumber().doubleValue();
        if (e instanceof DoubleLiteralExpr d) return d.asDouble();
        if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS) {
            Double inner = number(u.getExpression());
            return inner == null ? null : -inner;
        }
        return null;
    }

    private static final Map<RuleDescr, List<MethodCallExpr>> ACTIONS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The calls after 'then', parsed once per parsed rule: parsing Java is the slow part of this check. */
    private static List<MethodCallExpr> actions(RuleDescr rule) {
        if (!(rule.getConsequence() instanceof String consequence)) return List.of();
        return ACTIONS.computeIfAbsent(rule, r -> {
            synchronized (Conditions.JAVA) {
                var block = Conditions.JAVA.parseBlock("{\n" + consequence + "\n}");
                return block.getResult().map(b -> b.findAll(MethodCallExpr.class)).orElse(List.of());
            }
        });
    }

    // ------------------------------------------------------------ helpers

    private boolean holdsForAll(List<ExprConstraintDescr> constraints, ContentItem item) {
        for (ExprConstraintDescr constraint : constraints) if (!conditions.mayHold(constraint, item)) return false;
        return true;
    }

    /** Each condition in words, worded from an item that fails it (preferably in one of the given languages). */
    private List<String> words(List<ExprConstraintDescr> fixed, Set<String> preferredLanguages) {
        List<String> words = new ArrayList<>();
        for (ExprConstraintDescr constraint : fixed) {
            ContentItem failing = null;
            for (ContentItem item : items) {
                if (!conditions.mayHold(constraint, item)) {
                    failing = item;
                    if (preferredLanguages.isEmpty() || preferredLanguages.contains(item.language())) break;
                }
            }
            words.add(failing == null ? "'" + constraint.getExpression().strip() + "'" : wording.wants(constraint, failing));
        }
        return words;
    }

    /** The first top-level pattern on ContentItem: the item a recommendation rule is about. */
    static PatternDescr itemPattern(RuleDescr rule) {
        List<BaseDescr> elements = new ArrayList<>(rule.getLhs().getDescrs());
        for (int i = 0; i < elements.size(); i++) {
            BaseDescr element = elements.get(i);
            if (element instanceof AndDescr and) elements.addAll(and.getDescrs());
            if (element instanceof PatternDescr pattern && pattern.getSource() == null
                    && simpleName(pattern.getObjectType()).equals("ContentItem")) {
                return pattern;
            }
        }
        return null;
    }

    private RuleProblem warning(WhyNot.ParsedRule rule, ProblemCode code, String message) {
        RuleDescr descr = rule.descr();
        return new RuleProblem(code, rule.file(), descr.getLine(), descr.getLine() > 0 ? descr.getColumn() + 1 : 0, Severity.WARNING,
                rule.name(), message, line(rule.file(), descr.getLine()));
    }

    /** At the literal in the condition's line when it can be found there, else at the condition. */
    private RuleProblem at(WhyNot.ParsedRule rule, ExprConstraintDescr constraint, String literal, ProblemCode code, String message) {
        String source = line(rule.file(), constraint.getLine());
        int column = source == null ? -1 : source.indexOf(literal);
        if (column < 0) column = constraint.getColumn();
        return new RuleProblem(code, rule.file(), constraint.getLine(), column + 1, Severity.WARNING, rule.name(), message, source);
    }

    private String line(String file, int line) {
        String text = texts.get(file);
        if (text == null || line < 1) return null;
        int[] starts = SourceFiles.lineStarts(text);
        if (line > starts.length) return null;
        int end = line < starts.length ? starts[line] - 1 : text.length();
        return text.substring(starts[line - 1], Math.max(starts[line - 1], end)).replace("\r", "");
    }

    private static String count(int n) {
        return n + (n == 1 ? " item" : " items");
    }

    static String simpleName(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }
}
