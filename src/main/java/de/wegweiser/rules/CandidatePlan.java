package de.wegweiser.rules;

import de.wegweiser.domain.ContentItem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.base.ClassObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.Declaration;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.QueryDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.type.FactType;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.conf.LanguageLevelOption;

/**
 * What the engine reads from the rules so that a recommendation evaluates only the items that can
 * reach the top, not the whole catalog. For every rule it knows the most points one firing gives
 * an item, whether the rule excludes or demotes, and it generates two helper rules from the rule's
 * own conditions:
 * <ul>
 *   <li>a <em>planner</em> rule: the rule's conditions without the item pattern, fired with the
 *       contact and the day alone. Each firing is one way the rule can match this contact, with the
 *       values the item pattern compares with (the contact's phase, role, one of its concerns, the
 *       day, ...);</li>
 *   <li>a <em>probe</em> rule: the item pattern with those values given, fired over the catalog:
 *       the items the rule can fire for. Its answer depends only on the values, so it is cached
 *       per catalog version ({@link TopKEvaluator}).</li>
 * </ul>
 * Together they give each item an upper bound of its score for a contact without touching the
 * item; the real rules then run on the best-bounded items only, until no other item can beat them.
 *
 * <p>The contract that makes this exact, checked here: in every rule
 * <ul>
 *   <li>exactly one pattern matches a {@code ContentItem}, at the top level of the conditions (not
 *       inside {@code not}, {@code exists}, {@code or}, {@code accumulate}, not with {@code from}),
 *       and no other condition refers to that item;</li>
 *   <li>no attribute ties rules or items together ({@code activation-group}, {@code agenda-group},
 *       {@code ruleflow-group}, {@code lock-on-active}, timers, ...);</li>
 *   <li>the right-hand side only calls {@code recommend}, {@code exclude} and {@code fallback} for
 *       the item (nothing that inserts or changes facts); points that are not a number literal are
 *       allowed but make every item the rule can match a candidate.</li>
 * </ul>
 * A rule book that breaks the contract is still evaluated correctly, the slow way (every item); the
 * reason is in {@link #limitation()}. A condition the probe cannot take over (one comparing with a
 * whole fact such as {@code $contact.consumed}) is left out of the probe: the probe then finds more
 * items than the rule fires for, which costs speed, not correctness.
 */
public final class CandidatePlan {

    static final String PACKAGE = "wegweiser.candidates";

    private static final Set<String> HARMLESS_ATTRIBUTES = Set.of("salience", "no-loop", "dialect");
    private static final Pattern ACTION = Pattern.compile(
            "(?s)\\s*(?:(?:de\\.wegweiser\\.rules\\.)?Scoring\\.)?(recommend|exclude|fallback)\\s*\\((.*)\\)\\s*");
    private static final Pattern NUMBER = Pattern.compile("\\s*\\+?(-?\\s*\\d+(?:\\.\\d+)?)[dDfF]?\\s*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /** One rule as the engine sees it. */
    /**
     * @param probe what the rule's probe asks of an item, without its number: two versions of the rules whose
     *              shapes have the same probe (and the same imports) get the same answers from one catalog
     */
    record Shape(int index, String rule, boolean matchesItems, double maxPoints, boolean excludes, boolean fallsBack,
                 boolean exact, List<String> probeVariables, String probe) {
        /** Points no literal tells: every item the rule matches must be evaluated. */
        boolean pointsUnknown() { return Double.isInfinite(maxPoints); }
    }

    private final List<Shape> shapes;
    private final KieBase base;
    private final String limitation;
    private final RuleProblem warning;
    private final String imports;

    private CandidatePlan(List<Shape> shapes, KieBase base, String limitation, RuleProblem warning) {
        this(shapes, base, limitation, warning, "");
    }

    private CandidatePlan(List<Shape> shapes, KieBase base, String limitation, RuleProblem warning, String imports) {
        this.imports = imports;
        this.shapes = List.copyOf(shapes);
        this.base = base;
        this.limitation = limitation;
        this.warning = warning;
    }

    /** Why the rules must be evaluated over the whole catalog, or null when candidates can be narrowed. */
    public String limitation() { return limitation; }

    /** The rule that keeps recommendations from narrowing, as a warning for the marketer, or null. */
    public RuleProblem warning() { return warning; }

    public boolean usable() { return limitation == null; }

    List<Shape> shapes() { return shapes; }

    /** The imports the generated rules were compiled with: the same probe text means the same probe only with these. */
    String imports() { return imports; }

    /** The planner and probe rules; null when not {@linkplain #usable() usable}. */
    KieBase base() { return base; }

    FactType probeType(int rule) { return base.getFactType(PACKAGE, probeTypeName(rule)); }

    static String probeTypeName(int rule) { return "Probe" + rule; }

    static CandidatePlan unusable(String why) { return new CandidatePlan(List.of(), null, why, null); }

    /**
     * @param texts    the rule files' texts by file name, as compiled
     * @param compiled the knowledge base compiled from them
     */
    public static CandidatePlan analyse(Map<String, String> texts, KieBase compiled) {
        Generated drl = new Generated();
        List<Shape> shapes = new ArrayList<>();
        for (Map.Entry<String, String> file : texts.entrySet()) {
            DrlParser parser = new DrlParser(LanguageLevelOption.DRL6);
            PackageDescr pkg;
            try {
                pkg = parser.parse(null, file.getValue());
            } catch (Exception e) {
                return unusable(file.getKey() + ": cannot be read for planning: " + e.getMessage());
            }
            if (pkg == null || parser.hasErrors()) return unusable(file.getKey() + ": cannot be read for planning");
            if (!pkg.getGlobals().isEmpty()) return unusable(file.getKey() + ": declares globals");
            for (ImportDescr i : pkg.getImports()) drl.imports.add("import " + i.getTarget() + ";");
            for (FunctionImportDescr i : pkg.getFunctionImports()) drl.imports.add("import function " + i.getTarget() + ";");
            for (RuleDescr rule : pkg.getRules()) {
                if (rule instanceof QueryDescr) continue;
                RuleImpl impl = (RuleImpl) compiled.getRule(pkg.getName(), rule.getName());
                if (impl == null) return unusable("rule \"" + rule.getName() + "\" is not in the compiled rules");
                try {
                    shapes.add(shape(shapes.size(), rule, impl, file.getValue(), drl));
                } catch (Unplannable e) {
                    String line = rule.getLine() > 0 ? file.getValue().lines().skip(rule.getLine() - 1).findFirst().orElse(null) : null;
                    RuleProblem warning = new RuleProblem(ProblemCode.OUTSIDE_FAST_CONTRACT, file.getKey(), rule.getLine(), 0, Severity.WARNING, rule.getName(),
                            "every recommendation evaluates the whole catalog (slower) because this rule " + e.getMessage()
                                    + "; see \"Fast rules\" in docs/rules.md", line);
                    return new CandidatePlan(List.of(), null, "rule \"" + rule.getName() + "\" (" + file.getKey() + ":"
                            + rule.getLine() + ") " + e.getMessage(), warning);
                }
            }
        }
        KnowledgeBuilder builder = RuleCompiler.newBuilder();
        builder.add(KieServices.get().getResources().newByteArrayResource(
                drl.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)), ResourceType.DRL);
        if (builder.hasErrors()) return unusable("the generated planning rules do not compile: " + builder.getErrors());
        return new CandidatePlan(shapes, builder.newKieBase(), null, null, String.join("\n", new java.util.TreeSet<>(drl.imports)));
    }

    private static Shape shape(int index, RuleDescr rule, RuleImpl impl, String text, Generated drl) throws Unplannable {
        for (String attribute : rule.getAttributes().keySet()) {
            if (!HARMLESS_ATTRIBUTES.contains(attribute)) throw new Unplannable("uses the attribute " + attribute);
        }
        AndDescr lhs = rule.getLhs();
        List<PatternDescr> items = new ArrayList<>();
        collectItemPatterns(lhs, items);
        PatternDescr item = items.size() == 1 && lhs.getDescrs().contains(items.get(0)) ? items.get(0) : null;
        if (items.size() > 1) throw new Unplannable("matches more than one ContentItem");
        if (item == null && !items.isEmpty()) throw new Unplannable("matches the ContentItem inside another condition");
        if (item != null && item.getSource() != null) throw new Unplannable("takes the ContentItem from a source");
        if (item != null && !item.getBehaviors().isEmpty()) throw new Unplannable("uses a window on the ContentItem");

        String itemVariable = item != null && item.getIdentifier() != null ? item.getIdentifier() : "$__item";
        Set<String> itemSide = new LinkedHashSet<>();
        Map<String, Class<?>> outside = new java.util.LinkedHashMap<>();
        impl.getDeclarations().forEach((name, declaration) -> {
            if (isItemPattern(declaration)) itemSide.add(name);
            else outside.put(name, declaration.getDeclarationClass());
        });

        // the rest of the conditions, as written, for the planner rule
        List<String> rest = new ArrayList<>();
        for (BaseDescr descr : lhs.getDescrs()) {
            if (descr == item) continue;
            String slice = slice(text, descr);
            if (references(slice, itemSide)) throw new Unplannable("refers to the item outside its pattern");
            rest.add(slice);
        }

        // the item's constraints: kept for the probe unless they compare with something not cacheable
        List<String> kept = new ArrayList<>();
        Set<String> probeVariables = new LinkedHashSet<>();
        boolean exact = true;
        if (item != null) {
            for (BaseDescr constraint : item.getDescrs()) {
                if (!(constraint instanceof ExprConstraintDescr expr) || expr.getType() != ExprConstraintDescr.Type.NAMED) {
                    throw new Unplannable("has an item constraint the planner cannot read");
                }
                Set<String> used = referenced(expr.getExpression(), outside.keySet());
                if (used.stream().allMatch(v -> cacheable(outside.get(v)))) {
                    kept.add(expr.getExpression());
                    probeVariables.addAll(used);
                } else {
                    exact = false;
                }
            }
        }

        Actions actions = actions(rule.getConsequence() == null ? "" : rule.getConsequence().toString(), itemVariable);
        if (item == null) {
            // a rule without an item and without actions plays no part in the bounds
            if (!actions.none) throw new Unplannable("acts without matching an item");
            return new Shape(index, rule.getName(), false, 0, false, false, true, List.of(), null);
        }
        List<String> variables = List.copyOf(probeVariables);
        drl.planner(index, rest, variables);
        String probe = drl.probe(index, itemVariable, kept, variables, outside);
        return new Shape(index, rule.getName(), true, actions.maxPoints, actions.excludes, actions.fallsBack, exact, variables, probe);
    }

    private static boolean isItemPattern(Declaration declaration) {
        return declaration.getPattern() != null && declaration.getPattern().getObjectType() instanceof ClassObjectType type
                && ContentItem.class.isAssignableFrom(type.getClassType());
    }

    private static void collectItemPatterns(BaseDescr descr, List<PatternDescr> found) {
        if (descr instanceof PatternDescr pattern) {
            String type = pattern.getObjectType();
            if (type != null && (type.equals("ContentItem") || type.equals(ContentItem.class.getName()))) found.add(pattern);
            if (pattern.getSource() != null) collectItemPatterns(pattern.getSource(), found);
            for (BaseDescr constraint : pattern.getDescrs()) collectItemPatterns(constraint, found);
        } else if (descr instanceof ConditionalElementDescr ce) {
            for (Object child : ce.getDescrs()) if (child instanceof BaseDescr b) collectItemPatterns(b, found);
        } else if (descr instanceof org.drools.drl.ast.descr.AccumulateDescr acc && acc.getInput() != null) {
            collectItemPatterns(acc.getInput(), found);
        } else if (descr instanceof org.drools.drl.ast.descr.CollectDescr collect && collect.getInputPattern() != null) {
            collectItemPatterns(collect.getInputPattern(), found);
        }
    }

    private static String slice(String text, BaseDescr descr) throws Unplannable {
        int start = descr.getStartCharacter();
        int end = descr.getEndCharacter();
        if (start < 0 || end <= start || end > text.length()) throw new Unplannable("has a condition the planner cannot locate");
        return text.substring(start, end);
    }

    /** Types whose values make a good cache key: small, immutable, with value equality. */
    static boolean cacheable(Class<?> type) {
        if (type == null) return false;
        return type.isPrimitive() || type == String.class || Number.class.isAssignableFrom(type) && type.getName().startsWith("java.lang.")
                || type == Boolean.class || type == Character.class || type.isEnum()
                || type.getName().startsWith("java.time.");
    }

    private static boolean references(String code, Collection<String> names) {
        return !referenced(code, names).isEmpty();
    }

    /** The names used as variables in the code (not inside strings or comments, not after a dot). */
    static Set<String> referenced(String code, Collection<String> names) {
        String bare = RuleLinter.mask(code)[1];
        Set<String> used = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            boolean member = m.start() > 0 && bare.charAt(m.start() - 1) == '.';
            if (!member && names.contains(m.group())) used.add(m.group());
        }
        return used;
    }

    /** What a right-hand side does to the item. */
    private record Actions(double maxPoints, boolean excludes, boolean fallsBack, boolean none) {}

    /**
     * Reads a right-hand side that only recommends, excludes and demotes the item. Anything else
     * (inserting a fact, say) could make other rules match, which the planner would not see.
     */
    private static Actions actions(String consequence, String itemVariable) throws Unplannable {
        double points = 0;
        boolean excludes = false;
        boolean fallsBack = false;
        List<String> statements = split(consequence, ';');
        for (String statement : statements) {
            Matcher call = ACTION.matcher(statement);
            List<String> args = call.matches() ? split(call.group(2), ',') : List.of();
            if (args.isEmpty() || !args.get(0).strip().equals(itemVariable)) {
                throw new Unplannable("does more than recommend, exclude or fallback for its item: " + statement.strip());
            }
            switch (call.group(1)) {
                case "exclude" -> excludes = true;
                case "fallback" -> fallsBack = true;
                default -> {
                    Matcher number = args.size() > 1 ? NUMBER.matcher(args.get(1)) : null;
                    // points computed at run time: no bound is known, so every item the rule matches is evaluated
                    points += number != null && number.matches()
                            ? Math.max(0, Double.parseDouble(number.group(1).replace(" ", ""))) : Double.POSITIVE_INFINITY;
                }
            }
        }
        return new Actions(points, excludes, fallsBack, statements.isEmpty());
    }

    /**
     * Splits at the separator where it is outside strings, comments and brackets; comments are
     * dropped, blank parts too.
     */
    private static List<String> split(String text, char separator) {
        String[] masked = RuleLinter.mask(text); // same offsets: [0] without comments, [1] also without string contents
        String code = masked[0];
        String bare = masked[1];
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') depth--;
            else if (c == separator && depth == 0) {
                parts.add(code.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(code.substring(from));
        parts.removeIf(String::isBlank);
        return parts;
    }

    /** The DRL of the planner and probe rules. */
    private static final class Generated {
        final Set<String> imports = new LinkedHashSet<>();
        final StringBuilder rules = new StringBuilder();

        void planner(int index, List<String> conditions, List<String> variables) {
            rules.append("rule \"plan ").append(index).append("\"\nwhen\n    ").append(PlanRequest.class.getName()).append("()\n");
            for (String condition : conditions) rules.append("    ").append(condition).append('\n');
            rules.append("then\n    ").append(Planning.class.getName()).append(".matched(").append(index).append(", new Object[] {")
                    .append(String.join(", ", variables)).append("});\nend\n\n");
        }

        /** Adds the rule's probe and returns its text without its number. */
        String probe(int index, String itemVariable, List<String> constraints, List<String> variables, Map<String, Class<?>> types) {
            StringBuilder probe = new StringBuilder();
            probe.append("declare ").append(probeTypeName(index)).append('\n');
            for (int i = 0; i < variables.size(); i++) {
                probe.append("    v").append(i).append(" : ").append(types.get(variables.get(i)).getCanonicalName()).append('\n');
            }
            probe.append("end\n\nrule \"probe ").append(index).append("\"\nwhen\n    $__probe : ").append(probeTypeName(index)).append('(');
            for (int i = 0; i < variables.size(); i++) {
                probe.append(i == 0 ? " " : ", ").append(variables.get(i)).append(" : v").append(i);
            }
            probe.append(" )\n    ").append(itemVariable).append(" : ").append(ContentItem.class.getName()).append("( ")
                    .append(String.join(", ", constraints)).append(" )\nthen\n    ").append(Planning.class.getName())
                    .append(".probed($__probe, ").append(itemVariable).append(");\nend\n\n");
            rules.append(probe);
            return probe.toString().replace(probeTypeName(index), "Probe#").replace("\"probe " + index + "\"", "\"probe #\"");
        }

        String text() {
            return "package " + PACKAGE + ";\n\n" + String.join("\n", imports) + "\n\n" + rules;
        }
    }

    private static final class Unplannable extends Exception {
        Unplannable(String message) { super(message, null, false, false); }
    }
}
