package de.wegweiser.rules.conditions;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import de.wegweiser.domain.Account;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.FunnelStage;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.JourneySide;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.Today;
import de.wegweiser.rules.Scoring;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.ConnectiveType;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.drools.drl.parser.DrlParser;

/**
 * Evaluates a rule's conditions, as parsed, for one contact and one item, and says which failed
 * first. Drools' semantics where they matter: patterns in order, {@code ,} and {@code &&} as and,
 * {@code ||} and {@code in} as or, {@code from} tried for each value, {@code or} tried branch by
 * branch, {@code not} and {@code exists} over the facts. Only what the safety check lets into a
 * rule file needs to be understood here; anything else is said to be beyond this explanation.
 */
final class Conditions {

    static final JavaParser JAVA = new JavaParser(new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17).setAttributeComments(false));
    private static final Map<String, Class<?>> ENUMS = Map.of("JourneyPhase", JourneyPhase.class,
            "LifecycleStatus", LifecycleStatus.class, "FunnelStage", FunnelStage.class, "JourneySide", JourneySide.class);
    private static final Pattern BINDING = Pattern.compile("\\$[\\w$]+");

    /**
     * The first failed condition. {@code {V}} in the heads stands for the wanted values, joined with
     * "or": when a rule is tried for each of the contact's concerns, the values of the tries are merged.
     */
    record Failure(String condition, int line, List<String> values, String englishHead, String germanHead,
                   String englishTail, String germanTail) {

        String english() {
            return englishHead.replace("{V}", String.join(" or ", values)) + englishTail;
        }

        String german() {
            return germanHead.replace("{V}", String.join(" oder ", values)) + germanTail;
        }

        /** The same condition failed for another value taken 'from' a set: one failure wanting either value. */
        Failure merge(Failure other) {
            if (other == null || !condition.equals(other.condition) || !englishHead.equals(other.englishHead)
                    || !englishTail.equals(other.englishTail)) {
                return this;
            }
            LinkedHashSet<String> all = new LinkedHashSet<>(values);
            all.addAll(other.values);
            return new Failure(condition, line, List.copyOf(all), englishHead, germanHead, englishTail, germanTail);
        }
    }

    /** Something in a rule that this explanation does not evaluate. */
    private static final class Unknown extends Exception {
        Unknown(String what) {
            super(what, null, false, false);
        }
    }

    /** Who a pattern is about: the words for it, and whether it is the item being explained. */
    record Subject(Object fact, String english, String german, String englishOwner, String germanAt) {}

    /**
     * Conditions and values parsed once per rule book: explaining an item, or checking every rule
     * against every item of the catalog, must not parse the same text again for each item.
     */
    static final class Parsed {
        private final Map<String, ConstraintConnectiveDescr> constraints = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<String, java.util.Optional<Expression>> values = new java.util.concurrent.ConcurrentHashMap<>();

        /** Null when Drools cannot read the condition (a file that compiled can). */
        ConstraintConnectiveDescr constraint(String text) {
            return constraints.computeIfAbsent(text, t -> {
                DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(DrlParser.DEFAULT_LANGUAGE_LEVEL);
                ConstraintConnectiveDescr parsed = parser.parse(t);
                return parser.hasErrors() || parsed == null ? EMPTY : parsed;
            }) == EMPTY ? null : constraints.get(text);
        }

        Expression value(String text) {
            return values.computeIfAbsent(text, t -> {
                synchronized (JAVA) { // a JavaParser is not thread-safe
                    ParseResult<Expression> parsed = JAVA.parseExpression(t);
                    return parsed.isSuccessful() ? parsed.getResult() : java.util.Optional.empty();
                }
            }).orElse(null);
        }

        /** A string literal's text, its escapes resolved once: a catalog check reads the same literal for every item. */
        String text(StringLiteralExpr literal) {
            return texts.computeIfAbsent(literal.getValue(), raw -> literal.asString());
        }

        private final Map<String, String> texts = new java.util.concurrent.ConcurrentHashMap<>();

        private static final ConstraintConnectiveDescr EMPTY = new ConstraintConnectiveDescr();
    }

    private final WhyNot.Facts facts;
    private final Parsed parsed;
    /** Only whether conditions hold, without the words: checking the whole catalog asks that thousands of times. */
    private final boolean quiet;

    /** What a quiet evaluation returns for a failed condition. */
    private static final Failure FAILED = new Failure("", 0, List.of(), "", "", "", "");

    Conditions(WhyNot.Facts facts, Parsed parsed) {
        this(facts, parsed, false);
    }

    Conditions(WhyNot.Facts facts, Parsed parsed, boolean quiet) {
        this.facts = facts;
        this.parsed = parsed;
        this.quiet = quiet;
    }

    /** Null when all conditions hold for the item. */
    Failure firstFailure(RuleDescr rule) {
        List<BaseDescr> elements = new ArrayList<>(rule.getLhs().getDescrs());
        return match(elements, 0, new LinkedHashMap<>(), new boolean[] {false});
    }

    // ------------------------------------------------------------ condition elements

    /**
     * Whether the elements from {@code index} on can all hold, given the bindings so far.
     *
     * @param itemTaken whether the pattern for the explained item was met already (later item patterns range over the catalog)
     */
    private Failure match(List<BaseDescr> elements, int index, Map<String, Object> bindings, boolean[] itemTaken) {
        if (index >= elements.size()) return null;
        BaseDescr element = elements.get(index);
        if (element instanceof AndDescr and) {
            List<BaseDescr> flat = new ArrayList<>(and.getDescrs());
            flat.addAll(elements.subList(index + 1, elements.size()));
            return match(flat, 0, bindings, itemTaken);
        }
        if (element instanceof OrDescr or) {
            Failure first = null;
            for (BaseDescr branch : or.getDescrs()) {
                List<BaseDescr> rest = new ArrayList<>();
                rest.add(branch);
                rest.addAll(elements.subList(index + 1, elements.size()));
                Failure failure = match(rest, 0, new LinkedHashMap<>(bindings), itemTaken.clone());
                if (failure == null) return null;
                if (first == null) first = failure;
            }
            return first;
        }
        if (element instanceof NotDescr not) {
            boolean[] nested = {true};
            Failure inner = match(new ArrayList<>(not.getDescrs()), 0, new LinkedHashMap<>(bindings), nested);
            if (inner == null) {
                String text = describe(not.getDescrs());
                return new Failure("not " + text, not.getLine(), List.of(), "the rule wants that there is no " + text,
                        "die Regel verlangt, dass es kein " + text + " gibt", "; there is one", "; es gibt eines");
            }
            return match(elements, index + 1, bindings, itemTaken);
        }
        if (element instanceof ExistsDescr exists) {
            Failure inner = match(new ArrayList<>(exists.getDescrs()), 0, new LinkedHashMap<>(bindings), new boolean[] {true});
            if (inner != null) return inner;
            return match(elements, index + 1, bindings, itemTaken);
        }
        if (element instanceof PatternDescr pattern) return pattern(pattern, elements, index, bindings, itemTaken);
        return beyond(element, element.getClass().getSimpleName());
    }

    private Failure pattern(PatternDescr pattern, List<BaseDescr> elements, int index, Map<String, Object> bindings, boolean[] itemTaken) {
        if (pattern.getSource() instanceof FromDescr from) return from(pattern, from, elements, index, bindings, itemTaken);
        String type = simpleName(pattern.getObjectType());
        List<Subject> candidates;
        boolean takesItem = false;
        switch (type) {
            case "Contact" -> candidates = List.of(contact(facts.contact()));
            case "Today" -> candidates = List.of(new Subject(new Today(facts.today()), "today", "heute", "today's", "heute"));
            case "Account" -> {
                if (facts.account() == null) {
                    return new Failure(type + "( ... )", pattern.getLine(), List.of(), "the rule needs the contact's account",
                            "die Regel braucht den Account des Kontakts", "; this contact has none (only a stored contact of an account has one)",
                            "; dieser Kontakt hat keinen (nur ein gespeicherter Kontakt eines Accounts hat einen)");
                }
                candidates = List.of(new Subject(facts.account(), "the account", "der Account", "the account's", "beim Account"));
            }
            case "ContentItem" -> {
                takesItem = !itemTaken[0];
                candidates = takesItem ? List.of(item(facts.item(), true))
                        : facts.catalog().stream().map(i -> item(i, false)).toList();
            }
            default -> {
                return beyond(pattern, "a pattern on " + type);
            }
        }
        Failure first = null;
        for (Subject candidate : candidates) {
            Map<String, Object> scope = new LinkedHashMap<>(bindings);
            if (pattern.getIdentifier() != null) scope.put(pattern.getIdentifier(), candidate.fact());
            Failure failure = constraints(pattern, candidate, scope);
            if (failure == null) {
                boolean[] taken = {itemTaken[0] || takesItem};
                failure = match(elements, index + 1, scope, taken);
                if (failure == null) return null;
            }
            if (first == null) first = failure;
        }
        if (first == null) {
            return new Failure(type + "( ... )", pattern.getLine(), List.of(), "the rule wants a " + type,
                    "die Regel verlangt ein " + type, "; there is none", "; es gibt keines");
        }
        return first;
    }

    /** {@code $concern : String() from $contact.concerns}: tried for each value. */
    private Failure from(PatternDescr pattern, FromDescr from, List<BaseDescr> elements, int index, Map<String, Object> bindings,
                         boolean[] itemTaken) {
        String source = from.getDataSource() == null ? "" : from.getDataSource().getText().strip();
        String condition = pattern.getObjectType() + "() from " + source;
        Object values;
        try {
            values = value(source, null, bindings);
        } catch (Unknown unknown) {
            return beyond(pattern, unknown.getMessage());
        }
        if (!(values instanceof Collection<?> collection)) return beyond(pattern, "'from' on " + source);
        if (collection.isEmpty()) {
            return new Failure(condition, pattern.getLine(), List.of(), "the rule takes each value of " + source,
                    "die Regel nimmt jeden Wert aus " + source, "; it is empty", "; dort steht nichts");
        }
        Failure merged = null;
        for (Object value : sorted(collection)) {
            Map<String, Object> scope = new LinkedHashMap<>(bindings);
            if (pattern.getIdentifier() != null) scope.put(pattern.getIdentifier(), value);
            Failure failure = match(elements, index + 1, scope, itemTaken.clone());
            if (failure == null) return null;
            merged = merged == null ? failure : merged.merge(failure);
        }
        return merged;
    }

    private Failure constraints(PatternDescr pattern, Subject subject, Map<String, Object> bindings) {
        for (BaseDescr descr : pattern.getConstraint().getDescrs()) {
            if (!(descr instanceof ExprConstraintDescr constraint)) return beyond(descr, "this kind of condition");
            Failure failure = constraint(constraint, subject, bindings);
            if (failure != null) return failure;
        }
        return null;
    }

    /** One condition of a pattern ({@code format in (...)}) for one fact; null when it holds. */
    Failure constraint(ExprConstraintDescr constraint, Subject subject, Map<String, Object> bindings) {
        ConstraintConnectiveDescr tree = parsed.constraint(constraint.getExpression());
        if (tree == null) return beyond(constraint, "the condition '" + constraint.getExpression() + "'");
        try {
            return connective(tree, constraint, subject, bindings);
        } catch (Unknown unknown) {
            return beyond(constraint, unknown.getMessage());
        }
    }

    /**
     * For the catalog check: whether a condition that uses no binding holds for an item; true also
     * when it cannot be evaluated here (the check must not warn about what it does not understand).
     */
    boolean mayHold(ExprConstraintDescr constraint, ContentItem item) {
        ConstraintConnectiveDescr tree = parsed.constraint(constraint.getExpression());
        if (tree == null) return true;
        try {
            return connective(tree, constraint, item(item, true), new LinkedHashMap<>()) == null;
        } catch (Unknown unknown) {
            return true;
        }
    }

    /**
     * The bindings a rule's {@code Today( $today : date )} patterns make: the day is known whoever
     * the contact is, so conditions on the item that use it can be decided for one item.
     */
    Map<String, Object> dayBindings(RuleDescr rule) {
        Map<String, Object> bindings = new LinkedHashMap<>();
        for (BaseDescr element : rule.getLhs().getDescrs()) {
            if (!(element instanceof PatternDescr pattern) || pattern.getSource() != null
                    || !simpleName(pattern.getObjectType()).equals("Today")) {
                continue;
            }
            Today day = new Today(facts.today());
            if (pattern.getIdentifier() != null) bindings.put(pattern.getIdentifier(), day);
            constraints(pattern, new Subject(day, "today", "heute", "today's", "heute"), bindings);
        }
        return bindings;
    }

    /**
     * Whether a condition on the explained item fails, with the words why; null when it holds, uses
     * a binding that is not given (the contact decides), or cannot be evaluated here.
     */
    Failure itemFailure(ExprConstraintDescr constraint, ContentItem item, Map<String, Object> bindings) {
        Matcher names = BINDING.matcher(constraint.getExpression());
        while (names.find()) if (!bindings.containsKey(names.group())) return null;
        ConstraintConnectiveDescr tree = parsed.constraint(constraint.getExpression());
        if (tree == null) return null;
        try {
            return connective(tree, constraint, item(item, true), new LinkedHashMap<>(bindings));
        } catch (Unknown unknown) {
            return null;
        }
    }

    /** A condition as a marketer reads it: "format success-story or whitepaper", without the item's side. */
    String wants(ExprConstraintDescr constraint, ContentItem anyItem) {
        ConstraintConnectiveDescr tree = parsed.constraint(constraint.getExpression());
        try {
            Failure failure = tree == null ? null : connective(tree, constraint, item(anyItem, true), new LinkedHashMap<>());
            if (failure != null && failure.englishHead().startsWith("the rule wants ")) {
                return failure.english().substring("the rule wants ".length()).replace(failure.englishTail(), "");
            }
        } catch (Unknown unknown) {
            // fall through to the text as written
        }
        return constraint.getExpression().strip();
    }

    // ------------------------------------------------------------ constraints

    private Failure connective(BaseDescr descr, ExprConstraintDescr at, Subject subject, Map<String, Object> bindings) throws Unknown {
        if (descr instanceof ConstraintConnectiveDescr connective) {
            ConnectiveType type = connective.getConnective();
            if (type == ConnectiveType.OR || type == ConnectiveType.INC_OR) {
                Failure merged = null;
                for (BaseDescr child : connective.getDescrs()) {
                    Failure failure = connective(child, at, subject, new LinkedHashMap<>(bindings));
                    if (failure == null) return null;
                    merged = merged == null || quiet ? failure : mergeOr(merged, failure, at);
                }
                return merged;
            }
            for (BaseDescr child : connective.getDescrs()) {
                Failure failure = connective(child, at, subject, bindings);
                if (failure != null) return failure;
            }
            return null;
        }
        if (descr instanceof BindingDescr binding) {
            bindings.put(binding.getVariable(), value(binding.getExpression(), subject.fact(), bindings));
            return null;
        }
        if (descr instanceof RelationalExprDescr relation) return relation(relation, at, subject, bindings);
        if (descr instanceof AtomicExprDescr atom) {
            Object value = value(atom.getExpression(), subject.fact(), bindings);
            if (Boolean.TRUE.equals(value)) return null;
            if (quiet) return FAILED;
            String text = atom.getExpression().strip();
            String with = boundValues(text, bindings);
            if (isName(text)) {
                return new Failure(at.getExpression().strip(), at.getLine(), List.of(),
                        "the rule wants " + subject.english() + " to be '" + text + "'",
                        "die Regel verlangt, dass " + subject.german() + " '" + text + "' ist",
                        "; it is not", "; das trifft nicht zu");
            }
            return new Failure(at.getExpression().strip(), at.getLine(), List.of(),
                    "the rule wants '" + text + "' to hold for " + subject.english() + with,
                    "die Regel verlangt, dass '" + text + "' für " + subject.german() + " gilt" + with,
                    "; it does not", "; das trifft nicht zu");
        }
        throw new Unknown("the condition '" + at.getExpression().strip() + "'");
    }

    /** {@code format == "a" || format == "b"} failed: one failure wanting a or b, if both say the same otherwise. */
    private static Failure mergeOr(Failure a, Failure b, ExprConstraintDescr at) {
        Failure merged = a.merge(b);
        if (merged != a || a.englishHead.equals(b.englishHead) && a.englishTail.equals(b.englishTail)) return merged;
        return new Failure(at.getExpression().strip(), at.getLine(), List.of(), "the rule wants '" + at.getExpression().strip() + "'",
                "die Regel verlangt '" + at.getExpression().strip() + "'", "; " + a.english().replaceFirst("^the rule wants ", "neither ")
                        + ", nor " + b.english().replaceFirst("^the rule wants ", ""),
                "; weder " + a.german().replaceFirst("^die Regel verlangt ", "") + " noch " + b.german().replaceFirst("^die Regel verlangt ", ""));
    }

    private Failure relation(RelationalExprDescr relation, ExprConstraintDescr at, Subject subject, Map<String, Object> bindings)
            throws Unknown {
        Object left = side(relation.getLeft(), subject, bindings);
        Object right = side(relation.getRight(), subject, bindings);
        String operator = relation.getOperator();
        boolean negated = relation.isNegated();
        boolean holds = switch (operator) {
            case "==" -> same(left, right);
            case "!=" -> !same(left, right);
            case "<", ">", "<=", ">=" -> compare(left, right, operator);
            case "contains" -> contains(left, right);
            case "excludes" -> !contains(left, right);
            case "memberOf" -> contains(right, left);
            default -> throw new Unknown("the operator '" + operator + "'");
        };
        if (negated) holds = !holds;
        if (holds) return null;
        if (quiet) return FAILED;

        String leftText = relation.getLeft() instanceof AtomicExprDescr a ? a.getExpression().strip() : String.valueOf(relation.getLeft().getText());
        Field field = isName(leftText) && subject.fact() != null && property(subject.fact(), leftText) != null
                ? Field.of(leftText) : Field.expression(leftText);
        String en = "the rule wants ";
        String de = "die Regel verlangt ";
        String want = switch (negated ? "not " + operator : operator) {
            case "==" -> field.english + " {V}";
            case "!=" -> field.english + " other than {V}";
            case "contains" -> field.english + " to include {V}";
            case "not contains", "excludes" -> field.english + " without {V}";
            case "memberOf" -> field.english + " to be one of {V}";
            case "not memberOf" -> field.english + " to be none of {V}";
            default -> field.english + " " + operator + " {V}";
        };
        String wantDe = switch (negated ? "not " + operator : operator) {
            case "==" -> field.german + " {V}";
            case "!=" -> field.german + " ungleich {V}";
            case "contains" -> "{V} unter " + field.germanAmong;
            case "not contains", "excludes" -> "{V} nicht unter " + field.germanAmong;
            case "memberOf" -> field.german + " aus {V}";
            case "not memberOf" -> field.german + " nicht aus {V}";
            default -> field.german + " " + operator + " {V}";
        };
        // one list of values for both languages: ids and literals read the same in both
        return new Failure(at.getExpression().strip(), at.getLine(), List.of(shown(right, false)), en + want, de + wantDe,
                "; " + actual(field, subject, left, false), "; " + actual(field, subject, left, true));
    }

    /** "this item is a webinar", "the contact is in consideration", "this item's concerns are image, strategy". */
    private static String actual(Field field, Subject subject, Object value, boolean german) {
        String shown = shown(value, german);
        if (field.name == null) return german ? "dort steht " + shown : "it is " + shown;
        if (subject.fact() instanceof ContentItem && field.name.equals("format")) {
            return german ? "dieser Inhalt hat das Format " + shown : "this item is " + article(shown) + " " + shown;
        }
        if (subject.fact() instanceof Contact && field.name.equals("phase")) {
            return german ? "der Kontakt ist in der Phase " + shown : "the contact is in " + shown;
        }
        boolean plural = value instanceof Collection<?>;
        if (german) return subject.germanAt() + (plural ? " sind " : " ist ") + field.germanNominative + (plural ? ": " : " ") + shown;
        return subject.englishOwner() + " " + field.englishBare + (plural ? " are " : " is ") + shown;
    }

    private static String article(String word) {
        return !word.isEmpty() && "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
    }

    /** How a field is said: with its article where it stands alone, and after "unter" for sets. */
    private record Field(String name, String english, String englishBare, String german, String germanNominative, String germanAmong) {
        static Field of(String name) {
            return switch (name) {
                case "format" -> new Field(name, "format", "format", "das Format", "das Format", "den Formaten");
                case "id" -> new Field(name, "the id", "id", "die Id", "die Id", "den Ids");
                case "phase" -> new Field(name, "the phase", "phase", "die Phase", "die Phase", "den Phasen");
                case "language" -> new Field(name, "language", "language", "die Sprache", "die Sprache", "den Sprachen");
                case "role" -> new Field(name, "the role", "role", "die Rolle", "die Rolle", "den Rollen");
                case "lifecycle" -> new Field(name, "the lifecycle status", "lifecycle status", "den Lebenszyklus-Status",
                        "der Lebenszyklus-Status", "den Status");
                case "concerns" -> new Field(name, "concerns", "concerns", "Anliegen", "die Anliegen", "den Anliegen");
                case "topics" -> new Field(name, "topics", "topics", "Themen", "die Themen", "den Themen");
                case "roles" -> new Field(name, "roles", "roles", "Rollen", "die Rollen", "den Rollen");
                case "phases" -> new Field(name, "phases", "phases", "Phasen", "die Phasen", "den Phasen");
                case "consumed" -> new Field(name, "consumed items", "consumed items", "genutzte Inhalte", "die genutzten Inhalte",
                        "den genutzten Inhalten");
                default -> new Field(name, name, name, name, name, name);
            };
        }

        static Field expression(String text) {
            String quoted = "'" + text + "'";
            return new Field(null, quoted, quoted, quoted, quoted, quoted);
        }
    }

    static Subject contact(Contact contact) {
        return new Subject(contact, "the contact", "der Kontakt", "the contact's", "beim Kontakt");
    }

    static Subject item(ContentItem item, boolean explained) {
        return explained ? new Subject(item, "this item", "dieser Inhalt", "this item's", "bei diesem Inhalt")
                : new Subject(item, "an item of the catalog", "ein Inhalt des Katalogs", "the item's", "beim Inhalt");
    }

    private Failure beyond(BaseDescr at, String what) {
        String text = what == null ? "this condition" : what;
        return new Failure(text, at.getLine(), List.of(),
                "this explanation cannot evaluate " + text, "diese Erklärung kann " + text + " nicht auswerten",
                "; the rule did not fire", "; die Regel hat nicht gefeuert");
    }

    private static String describe(List<BaseDescr> descrs) {
        List<String> parts = new ArrayList<>();
        for (BaseDescr descr : descrs) {
            if (descr instanceof PatternDescr pattern) {
                List<String> constraints = pattern.getConstraint().getDescrs().stream()
                        .map(c -> c instanceof ExprConstraintDescr e ? e.getExpression().strip() : String.valueOf(c.getText())).toList();
                parts.add(simpleName(pattern.getObjectType()) + "( " + String.join(", ", constraints) + " )");
            } else {
                parts.add(String.valueOf(descr.getText()));
            }
        }
        return String.join(" and ", parts);
    }

    // ------------------------------------------------------------ values

    private Object side(BaseDescr side, Subject subject, Map<String, Object> bindings) throws Unknown {
        if (side instanceof AtomicExprDescr atom) return value(atom.getExpression(), subject.fact(), bindings);
        if (side instanceof BindingDescr binding) {
            Object value = value(binding.getExpression(), subject.fact(), bindings);
            bindings.put(binding.getVariable(), value);
            return value;
        }
        throw new Unknown("'" + side.getText() + "'");
    }

    private Object value(String text, Object self, Map<String, Object> bindings) throws Unknown {
        String expression = text.strip();
        // DRL also writes text in single quotes: 'webinar'
        if (expression.length() >= 2 && expression.startsWith("'") && expression.endsWith("'")
                && expression.indexOf('\'', 1) == expression.length() - 1) {
            return expression.substring(1, expression.length() - 1);
        }
        Expression tree = parsed.value(expression);
        if (tree == null) throw new Unknown("'" + expression + "'");
        return evaluate(tree, self, bindings);
    }

    /** A type name in an expression, e.g. the {@code JourneyPhase} of {@code JourneyPhase.CONSIDERATION}. */
    private record TypeName(Class<?> type) {}

    private Object evaluate(Expression e, Object self, Map<String, Object> bindings) throws Unknown {
        if (e instanceof StringLiteralExpr s) return parsed.text(s);
        if (e instanceof IntegerLiteralExpr i) return i.asNumber().longValue();
        if (e instanceof LongLiteralExpr l) return l.asNumber().longValue();
        if (e instanceof DoubleLiteralExpr d) return d.asDouble();
        if (e instanceof BooleanLiteralExpr b) return b.getValue();
        if (e instanceof CharLiteralExpr c) return String.valueOf(c.asChar());
        if (e instanceof NullLiteralExpr) return null;
        if (e instanceof EnclosedExpr enclosed) return evaluate(enclosed.getInner(), self, bindings);
        if (e instanceof NameExpr name) {
            String id = name.getNameAsString();
            if (bindings.containsKey(id)) return bindings.get(id);
            Method getter = self == null ? null : property(self, id);
            if (getter != null) return invoke(self, getter);
            if (ENUMS.containsKey(id)) return new TypeName(ENUMS.get(id));
            throw new Unknown("'" + id + "'");
        }
        if (e instanceof FieldAccessExpr access) {
            Object scope = evaluate(access.getScope(), self, bindings);
            String field = access.getNameAsString();
            if (scope instanceof TypeName typeName && typeName.type().isEnum()) {
                for (Object constant : typeName.type().getEnumConstants()) if (((Enum<?>) constant).name().equals(field)) return constant;
                throw new Unknown("'" + access + "'");
            }
            if (scope == null) return null; // Drools' null-safe navigation would not match either
            Method getter = property(scope, field);
            if (getter == null) throw new Unknown("'" + access + "'");
            return invoke(scope, getter);
        }
        if (e instanceof MethodCallExpr call) {
            List<Object> arguments = new ArrayList<>();
            for (Expression argument : call.getArguments()) arguments.add(evaluate(argument, self, bindings));
            String method = call.getNameAsString();
            if (call.getScope().isPresent()) {
                Object target = evaluate(call.getScope().get(), self, bindings);
                if (target == null) return null;
                return call(target.getClass(), target, method, arguments, call);
            }
            if (self != null && hasMethod(self.getClass(), method, arguments.size(), false)) {
                return call(self.getClass(), self, method, arguments, call);
            }
            if (hasMethod(Scoring.class, method, arguments.size(), true)) return call(Scoring.class, null, method, arguments, call);
            throw new Unknown("'" + call + "'");
        }
        if (e instanceof UnaryExpr unary) {
            Object operand = evaluate(unary.getExpression(), self, bindings);
            return switch (unary.getOperator()) {
                case MINUS -> operand instanceof Long l ? -l : -number(operand, unary);
                case PLUS -> operand;
                case LOGICAL_COMPLEMENT -> !Boolean.TRUE.equals(operand);
                default -> throw new Unknown("'" + unary + "'");
            };
        }
        if (e instanceof BinaryExpr binary) {
            Object a = evaluate(binary.getLeft(), self, bindings);
            Object b = evaluate(binary.getRight(), self, bindings);
            return switch (binary.getOperator()) {
                case PLUS -> a instanceof String || b instanceof String ? String.valueOf(a) + b : arithmetic(a, b, '+', binary);
                case MINUS -> arithmetic(a, b, '-', binary);
                case MULTIPLY -> arithmetic(a, b, '*', binary);
                case DIVIDE -> arithmetic(a, b, '/', binary);
                case REMAINDER -> arithmetic(a, b, '%', binary);
                case AND -> Boolean.TRUE.equals(a) && Boolean.TRUE.equals(b);
                case OR -> Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
                case EQUALS -> same(a, b);
                case NOT_EQUALS -> !same(a, b);
                default -> throw new Unknown("'" + binary + "'");
            };
        }
        throw new Unknown("'" + e + "'");
    }

    private static Object arithmetic(Object a, Object b, char operator, Expression at) throws Unknown {
        if (a instanceof Long x && b instanceof Long y && operator != '/') {
            return switch (operator) {
                case '+' -> x + y;
                case '-' -> x - y;
                case '*' -> x * y;
                default -> y == 0 ? 0L : x % y;
            };
        }
        double x = number(a, at);
        double y = number(b, at);
        return switch (operator) {
            case '+' -> x + y;
            case '-' -> x - y;
            case '*' -> x * y;
            case '/' -> x / y;
            default -> x % y;
        };
    }

    private static double number(Object value, Expression at) throws Unknown {
        if (value instanceof Number n) return n.doubleValue();
        throw new Unknown("'" + at + "'");
    }

    /** {@code role} for {@code role()}, {@code customer} for {@code isCustomer()}, the way Drools reads a property. */
    private static final Map<Class<?>, Map<String, java.util.Optional<Method>>> PROPERTIES = new java.util.concurrent.ConcurrentHashMap<>();

    private static Method property(Object target, String name) {
        return PROPERTIES.computeIfAbsent(target.getClass(), c -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(name, n -> java.util.Optional.ofNullable(findProperty(target, n))).orElse(null);
    }

    private static Method findProperty(Object target, String name) {
        if (name.isEmpty()) return null;
        String capitalized = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        for (String candidate : List.of(name, "is" + capitalized, "get" + capitalized)) {
            try {
                Method method = target.getClass().getMethod(candidate);
                if (!Modifier.isStatic(method.getModifiers()) && method.getReturnType() != void.class) return method;
            } catch (NoSuchMethodException e) {
                // try the next spelling
            }
        }
        return null;
    }

    private static boolean hasMethod(Class<?> type, String name, int arguments, boolean isStatic) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arguments && Modifier.isStatic(method.getModifiers()) == isStatic) {
                return true;
            }
        }
        return false;
    }

    private static Object invoke(Object target, Method method) throws Unknown {
        try {
            return method.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new Unknown("'" + method.getName() + "'");
        }
    }

    private static Object call(Class<?> type, Object target, String name, List<Object> arguments, Expression at) throws Unknown {
        for (Method method : type.getMethods()) {
            if (!method.getName().equals(name) || method.getParameterCount() != arguments.size()) continue;
            Object[] converted = new Object[arguments.size()];
            boolean fits = true;
            for (int i = 0; i < converted.length && fits; i++) {
                converted[i] = convert(arguments.get(i), method.getParameterTypes()[i]);
                fits = converted[i] != NO_FIT;
            }
            if (!fits) continue;
            try {
                return method.invoke(target, converted);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new Unknown("'" + at + "'");
            }
        }
        throw new Unknown("'" + at + "'");
    }

    private static final Object NO_FIT = new Object();

    private static Object convert(Object value, Class<?> parameter) {
        if (value == null) return parameter.isPrimitive() ? NO_FIT : null;
        if (value instanceof Number n) {
            if (parameter == int.class || parameter == Integer.class) return n.intValue();
            if (parameter == long.class || parameter == Long.class) return n.longValue();
            if (parameter == double.class || parameter == Double.class) return n.doubleValue();
        }
        if (parameter == boolean.class && value instanceof Boolean) return value;
        if (value instanceof String s && parameter.isEnum()) return enumNamed(parameter, s);
        if (value instanceof String s && parameter == LocalDate.class) {
            try {
                return LocalDate.parse(s);
            } catch (RuntimeException e) {
                return NO_FIT;
            }
        }
        return parameter.isInstance(value) ? value : NO_FIT;
    }

    private static Object enumNamed(Class<?> type, String text) {
        for (Object constant : type.getEnumConstants()) {
            Enum<?> e = (Enum<?>) constant;
            if (e.name().equals(text) || text.equals(idOf(e))) return constant;
        }
        return NO_FIT;
    }

    // ------------------------------------------------------------ comparisons, as Drools coerces them

    private static boolean same(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        if (a instanceof Enum<?> e && b instanceof String s) return e.name().equals(s);
        if (b instanceof Enum<?> e && a instanceof String s) return e.name().equals(s);
        if (a instanceof LocalDate d && b instanceof String s) return s.equals(d.toString());
        if (b instanceof LocalDate d && a instanceof String s) return s.equals(d.toString());
        return Objects.equals(a, b);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean compare(Object a, Object b, String operator) throws Unknown {
        if (a == null || b == null) return false;
        int order;
        if (a instanceof Number x && b instanceof Number y) order = Double.compare(x.doubleValue(), y.doubleValue());
        else if (a instanceof LocalDate x && b instanceof String y) order = x.compareTo(LocalDate.parse(y));
        else if (a instanceof Comparable x && a.getClass().isInstance(b)) order = x.compareTo(b);
        else throw new Unknown("comparing " + a + " with " + b);
        return switch (operator) {
            case "<" -> order < 0;
            case ">" -> order > 0;
            case "<=" -> order <= 0;
            default -> order >= 0;
        };
    }

    private static boolean contains(Object container, Object value) {
        if (container instanceof Collection<?> collection) {
            for (Object element : collection) if (same(element, value)) return true;
            return false;
        }
        if (container instanceof String text && value != null) return text.contains(String.valueOf(value));
        return false;
    }

    // ------------------------------------------------------------ showing values

    private static String shown(Object value, boolean german) {
        if (value == null) return german ? "nichts" : "nothing";
        if (value instanceof Collection<?> collection) {
            if (collection.isEmpty()) return german ? "keine" : "none";
            return String.join(", ", sorted(collection).stream().map(v -> shown(v, german)).toList());
        }
        if (value instanceof Enum<?> e) return idOf(e);
        if (value instanceof Double d && d == Math.rint(d)) return String.valueOf(d.longValue());
        if (value instanceof Today t) return t.date().toString();
        return String.valueOf(value);
    }

    /** Phases and statuses as the marketer writes them: intent-to-purchase. */
    private static String idOf(Enum<?> e) {
        try {
            Object id = e.getClass().getMethod("id").invoke(e);
            return String.valueOf(id);
        } catch (ReflectiveOperationException | RuntimeException noId) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static List<Object> sorted(Collection<?> values) {
        List<Object> list = new ArrayList<>(values);
        list.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
        return list;
    }

    /** "($today = 2026-12-07)" for the bindings an expression uses, so the reader sees what was compared. */
    private static String boundValues(String text, Map<String, Object> bindings) {
        List<String> shown = new ArrayList<>();
        Matcher m = BINDING.matcher(text);
        while (m.find()) {
            if (bindings.containsKey(m.group()) && !(bindings.get(m.group()) instanceof Contact || bindings.get(m.group()) instanceof ContentItem)) {
                String part = m.group() + " = " + shown(bindings.get(m.group()), false);
                if (!shown.contains(part)) shown.add(part);
            }
        }
        return shown.isEmpty() ? "" : " (" + String.join(", ", shown) + ")";
    }

    private static boolean isName(String text) {
        return text.matches("[A-Za-z_]\\w*");
    }

    private static String simpleName(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }
}
