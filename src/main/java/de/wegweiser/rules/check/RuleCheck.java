package de.wegweiser.rules.check;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import de.wegweiser.files.SourceFiles;
import de.wegweiser.rules.DroolsMessages;
import de.wegweiser.rules.ProblemCode;
import de.wegweiser.rules.RuleProblem;
import de.wegweiser.rules.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;

/**
 * The safety check: decides what a rule file may contain, on the parsed rule, before Drools sees
 * the file. Rule files are untrusted input (marketers, anyone who can push to their repository,
 * the console over HTTP), and Drools turns them into Java: a condition or an action can call
 * anything on the class path. So this is an allowlist, the way Apache Unomi closed the same hole:
 * the file is parsed with Drools' own DRL parser, every condition and action with a real Java
 * parser, and only what {@link Vocabulary} names passes. What it does not know, it refuses.
 *
 * <p>What may stand in a rule file:
 * <ul>
 *   <li>the package of its kind, imports of its fact types and helpers, and (journey rules) the
 *       declaration of the settings with literal values;</li>
 *   <li>rules with the attributes salience, enabled, no-loop, date-effective and date-expires as literals;</li>
 *   <li>conditions: patterns on the fact types joined with and, or, not, exists and forall; in a
 *       pattern, bindings and comparisons with ==, !=, &lt;, &gt;, &lt;=, &gt;=, contains, excludes,
 *       memberOf and in;</li>
 *   <li>values: literals, bindings, the facts' listed fields and methods, enum constants, the
 *       value helpers ({@code label}), + - * / % on numbers and + to join text;</li>
 *   <li>after {@code then}: calls of the action helpers, nothing else.</li>
 * </ul>
 * There are no loops, no regular expressions, no way to build unbounded text or collections, no
 * objects created, no fact changed: an allowed rule cannot run away.
 */
public final class RuleCheck {

    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\+u+[0-9A-Fa-f]{0,4}");
    private static final Pattern PARSER_RULE = Pattern.compile("in rule \"([^\"]+)\"");
    private static final Set<String> OPERATORS = Set.of("==", "!=", "<", ">", "<=", ">=", "contains", "excludes", "memberOf");
    private static final Pattern RULE_NAME = Pattern.compile("[^\"\\\\\\p{Cntrl}]{1,200}");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");
    private static final Pattern BOOLEAN = Pattern.compile("true|false");
    private static final Pattern DATE = Pattern.compile("\"?\\d{1,2}-[A-Za-z]{3}-\\d{4}\"?|\"?\\d{4}-\\d{2}-\\d{2}\"?");
    private static final Pattern NAME = Pattern.compile("\"?[\\w .:-]{1,100}\"?");
    /** Literal values only: an expression as a value (salience ($x.foo())) would be code. */
    private static final Map<String, Pattern> ATTRIBUTES = Map.of(
            "salience", INTEGER, "enabled", BOOLEAN, "no-loop", BOOLEAN, "date-effective", DATE, "date-expires", DATE,
            // outside the fast top-k contract (a warning says so), but not a way to run code
            "agenda-group", NAME, "activation-group", NAME, "ruleflow-group", NAME, "auto-focus", BOOLEAN, "lock-on-active", BOOLEAN);
    private static final Map<String, Type> SETTING_TYPES = Map.of(
            "int", Type.Value.NUMBER, "long", Type.Value.NUMBER, "double", Type.Value.NUMBER,
            "boolean", Type.Value.BOOLEAN, "String", Type.Value.TEXT);

    private RuleCheck() {}

    /**
     * Checks rule files of one kind together (a settings type declared in one file is used in
     * another). Errors mean: do not hand these files to Drools.
     *
     * @param sources file name (relative to the rules directory) to text
     * @return errors and warnings, sorted by file, line and column
     */
    public static List<RuleProblem> check(Map<String, String> sources, Vocabulary vocabulary) {
        return checkFiles(sources, vocabulary).problems();
    }

    /**
     * The problems, and the files that must not be compiled: those with errors, and those whose
     * errors were folded into a root cause in another file.
     */
    public record Checked(List<RuleProblem> problems, Set<String> refused) {}

    public static Checked checkFiles(Map<String, String> sources, Vocabulary vocabulary) {
        List<RuleProblem> problems = new ArrayList<>();
        Shared shared = new Shared();
        Map<String, PackageDescr> parsed = new TreeMap<>();
        for (Map.Entry<String, String> source : new TreeMap<>(sources).entrySet()) {
            FileCheck file = new FileCheck(source.getKey(), source.getValue(), vocabulary, problems, shared);
            PackageDescr pkg = file.parse();
            if (pkg != null) {
                parsed.put(source.getKey(), pkg);
            } else {
                // a file that cannot be read may still be the one that declares the settings
                for (String settings : vocabulary.settings()) {
                    if (Pattern.compile("(?m)^\\s*declare\\s+" + settings + "\\b").matcher(source.getValue()).find()) {
                        shared.settingsAttempted.putIfAbsent(settings, source.getKey());
                    }
                }
            }
        }
        Map<String, FactType> declared = new HashMap<>();
        parsed.forEach((name, pkg) -> new FileCheck(name, sources.get(name), vocabulary, problems, shared).declarations(pkg, declared));
        parsed.forEach((name, pkg) -> new FileCheck(name, sources.get(name), vocabulary, problems, shared).rules(pkg, declared));
        Set<String> refused = new java.util.TreeSet<>();
        problems.stream().filter(RuleProblem::isError).forEach(p -> refused.add(p.file()));
        List<RuleProblem> folded = foldSettingsFollowOns(problems, shared, declared);
        folded.sort(RuleProblem.ORDER);
        return new Checked(List.copyOf(folded), Set.copyOf(refused));
    }

    /** What the checks of several files learn about each other. */
    private static final class Shared {
        /** Settings type to the file that declares it, also when the declaration has an error. */
        final Map<String, String> settingsAttempted = new TreeMap<>();
        /** "file\0rule" to the settings type the rule uses but that is not declared. */
        final Map<String, String> settingsUses = new HashMap<>();
    }

    /**
     * A mistake in the settings file makes every rule that reads the settings fail with "unknown
     * fact type" and unknown bindings. Those are not the marketer's mistakes: they are left out and
     * counted in the root cause, which comes first.
     */
    private static List<RuleProblem> foldSettingsFollowOns(List<RuleProblem> problems, Shared shared, Map<String, FactType> declared) {
        List<RuleProblem> result = new ArrayList<>(problems);
        for (Map.Entry<String, String> attempt : shared.settingsAttempted.entrySet()) {
            String settings = attempt.getKey();
            if (declared.containsKey(settings)) continue;
            RuleProblem root = result.stream().filter(p -> p.isError() && p.file().equals(attempt.getValue()))
                    .min(Comparator.comparingInt(RuleProblem::line).thenComparingInt(RuleProblem::column)).orElse(null);
            if (root == null) continue;
            List<RuleProblem> followOns = result.stream().filter(p -> p != root
                    && settings.equals(shared.settingsUses.get(p.file() + "\u0000" + p.rule()))).toList();
            if (followOns.isEmpty()) continue;
            Set<String> files = new java.util.TreeSet<>();
            followOns.forEach(p -> files.add(p.file()));
            result.removeAll(followOns);
            result.set(result.indexOf(root), root.withFollowOns(followOns.size(), "while this file has an error, '" + settings
                    + "' is unknown to the rules that read it, in " + String.join(", ", files)));
        }
        return result;
    }

    /** Whether the problems leave the files safe to compile: no error at all. */
    public static boolean passed(List<RuleProblem> problems) {
        return problems.stream().noneMatch(RuleProblem::isError);
    }

    private static final class FileCheck {
        private final String file;
        private final String text;
        private final int[] lineStarts;
        private final Vocabulary vocabulary;
        private final Expressions expressions;
        private final List<RuleProblem> problems;
        private final Shared shared;
        private String rule;

        FileCheck(String file, String text, Vocabulary vocabulary, List<RuleProblem> problems, Shared shared) {
            this.shared = shared;
            this.file = file;
            this.text = text;
            this.vocabulary = vocabulary;
            this.expressions = new Expressions(vocabulary);
            this.problems = problems;
            this.lineStarts = SourceFiles.lineStarts(text);
        }

        /** Unicode escapes, then Drools' parser; null when the file cannot be read as DRL. */
        PackageDescr parse() {
            // Java resolves \\u escapes before anything else, in comments and in strings too: "\\u000a" ends
            // a comment, "\\u0022" ends a string. Nobody needs them in a UTF-8 file, so none are allowed.
            Matcher escape = UNICODE_ESCAPE.matcher(text);
            boolean escapes = false;
            while (escape.find()) {
                escapes = true;
                error(escape.start(), ProblemCode.UNICODE_ESCAPE, "'" + escape.group() + "' is not allowed in a rule file: "
                        + "write the character itself (rule files are UTF-8), e.g. ü instead of \\u00fc");
            }
            DrlParser parser = new DrlParser();
            PackageDescr pkg;
            try {
                pkg = parser.parse(false, text);
            } catch (DroolsParserException | RuntimeException e) {
                add(0, 0, ProblemCode.SYNTAX, Severity.ERROR, "cannot read the file as rules: " + e.getMessage());
                return null;
            }
            if (parser.hasErrors() || pkg == null) {
                if (unreadableBlocks(parser.getErrors())) return null;
                for (DroolsError error : parser.getErrors()) {
                    int line = error instanceof ParserError p ? p.getRow() : firstLine(error.getLines());
                    int column = error instanceof ParserError p ? p.getCol() + 1 : 0;
                    Matcher named = PARSER_RULE.matcher(String.valueOf(error.getMessage()));
                    rule = named.find() ? named.group(1) : null;
                    add(line, column, ProblemCode.SYNTAX, Severity.ERROR, DroolsMessages.explain(error.getMessage()));
                    rule = null;
                }
                if (!parser.hasErrors()) add(0, 0, ProblemCode.SYNTAX, Severity.ERROR, "cannot read the file as rules");
                return null;
            }
            return escapes ? null : pkg;
        }

        private static final Pattern BLOCK_START = Pattern.compile("^\\s*(rule|query|declare)\\s+(?:\"([^\"]*)\"|'([^']*)'|(\\S+))");
        private static final Pattern BLOCK_END = Pattern.compile("^\\s*end\\b");
        private static final Pattern SETTING = Pattern.compile("^(\\s*)(\\w+)\\s*:\\s*(\\w+)\\s*=\\s*(.*?)\\s*;?\\s*$");

        /**
         * When the parser gives up, the message names where it gave up, which is rarely where the
         * mistake is: a rule without 'end' is reported inside the next rule, a bad value in the
         * settings at the next setting. The blocks are followed here on the text (comments and
         * strings masked), and those two mistakes are named where they are; the parser's errors
         * after them follow from them and are counted, not listed.
         *
         * @return whether the file's problems are reported (else the parser's errors are)
         */
        private boolean unreadableBlocks(List<DroolsError> errors) {
            String[] masked = de.wegweiser.rules.RuleLinter.mask(text);
            String[] code = masked[0].split("\n", -1);
            String[] bare = masked[1].split("\n", -1);
            int before = problems.size();
            String open = null;
            String kind = null;
            int lastCode = 0;
            for (int i = 0; i < bare.length; i++) {
                Matcher start = BLOCK_START.matcher(bare[i]);
                Matcher named = BLOCK_START.matcher(code[i]);
                if (start.find() && named.find()) {
                    String name = named.group(2) != null ? named.group(2) : named.group(3) != null ? named.group(3) : named.group(4);
                    if (open != null) missingEnd(kind, open, lastCode, start.group(1) + " \"" + name + "\" on line " + (i + 1));
                    open = name;
                    kind = start.group(1);
                } else if (BLOCK_END.matcher(bare[i]).find()) {
                    open = null;
                } else if (open != null && "declare".equals(kind)) {
                    settingValue(i + 1, code[i]);
                }
                if (!bare[i].isBlank()) lastCode = i + 1;
            }
            if (open != null) missingEnd(kind, open, lastCode, null);
            if (problems.size() == before) return false;
            // the parser's errors before the first mistake found here are mistakes of their own; those after follow from it
            List<RuleProblem> found = new ArrayList<>(problems.subList(before, problems.size()));
            problems.subList(before, problems.size()).clear();
            int first = found.stream().mapToInt(RuleProblem::line).min().orElse(0);
            int followOns = 0;
            for (DroolsError error : errors) {
                if (error instanceof ParserError p && p.getRow() < first) {
                    add(p.getRow(), p.getCol() + 1, ProblemCode.SYNTAX, Severity.ERROR, DroolsMessages.explain(error.getMessage()));
                } else {
                    followOns++;
                }
            }
            found.sort(Comparator.comparingInt(RuleProblem::line));
            if (followOns > 0) found.set(0, found.get(0).withFollowOns(followOns, "the parser cannot read on until it is fixed"));
            problems.addAll(found);
            return true;
        }

        private void missingEnd(String kind, String name, int lastCode, String next) {
            String block = kind + " \"" + name + "\"";
            String before = next == null ? "at the end of the file" : "before " + next;
            String saved = rule;
            rule = "rule".equals(kind) ? name : null;
            add(lastCode, 1, ProblemCode.SYNTAX, Severity.ERROR, block + " has no 'end': write 'end' on the line after line " + lastCode
                    + ", " + before);
            rule = saved;
        }

        /** {@code mqlScore : int = 40x}: a setting whose value is not a plain literal of its type. */
        private void settingValue(int line, String code) {
            Matcher m = SETTING.matcher(code);
            if (!m.find()) return;
            Type type = SETTING_TYPES.get(m.group(3));
            String value = m.group(4);
            if (type == null) {
                add(line, m.group(1).length() + 1, ProblemCode.DECLARATION_NOT_ALLOWED, Severity.ERROR, "setting '" + m.group(2)
                        + "' has the type '" + m.group(3) + "'; a setting is an int, a double, a boolean or a String");
                return;
            }
            if (literalOf(type, value)) return;
            add(line, code.indexOf(value, m.start(4)) + 1, ProblemCode.DECLARATION_NOT_ALLOWED, Severity.ERROR, "setting '" + m.group(2)
                    + "' needs " + type.said() + " as its value, e.g. '" + m.group(2) + " : " + m.group(3) + " = "
                    + (type == Type.Value.NUMBER ? "30" : type == Type.Value.BOOLEAN ? "true" : "\"text\"") + "', not '" + value + "'");
        }

        /** The package, the imports and what the file declares besides rules. */
        void declarations(PackageDescr pkg, Map<String, FactType> declared) {
            if (!vocabulary.packageName().equals(pkg.getName())) {
                add(pkg.getLine() > 0 ? pkg.getLine() : 1, 1, ProblemCode.WRONG_PACKAGE, Severity.ERROR,
                        (pkg.getName() == null || pkg.getName().isBlank() ? "the file has no package" : "the package must be '"
                                + vocabulary.packageName() + "', not '" + pkg.getName() + "'")
                                + "; start the file with 'package " + vocabulary.packageName() + ";'");
            }
            for (ImportDescr descr : pkg.getImports()) {
                if (!vocabulary.importable(descr.getTarget())) {
                    error(descr, ProblemCode.IMPORT_NOT_ALLOWED, "import of '" + descr.getTarget() + "' is not allowed: rules import "
                            + "their fact types by name (" + importableFacts() + ")");
                }
            }
            for (FunctionImportDescr descr : pkg.getFunctionImports()) {
                if (!vocabulary.importableFunction(descr.getTarget())) {
                    error(descr, ProblemCode.IMPORT_NOT_ALLOWED, "import of function '" + descr.getTarget() + "' is not allowed: "
                            + "rules import the helpers " + String.join(", ", vocabulary.helpers().stream()
                            .map(Vocabulary.Helper::qualifiedName).toList()));
                }
            }
            pkg.getAccumulateImports().forEach(d -> error(d, ProblemCode.IMPORT_NOT_ALLOWED,
                    "'import accumulate' is not allowed: rules do not accumulate"));
            pkg.getFunctions().forEach(d -> error(d, ProblemCode.DECLARATION_NOT_ALLOWED,
                    "'function' is not allowed: a function is arbitrary Java code; ask a developer for a helper"));
            pkg.getGlobals().forEach(d -> error(d, ProblemCode.DECLARATION_NOT_ALLOWED,
                    "'global' is not allowed: state shared between requests would mix contacts"));
            pkg.getEnumDeclarations().forEach(d -> error(d, ProblemCode.DECLARATION_NOT_ALLOWED,
                    "'declare enum' is not allowed: rules use the phases, statuses and terms that exist"));
            pkg.getEntryPointDeclarations().forEach(d -> error(d, ProblemCode.DECLARATION_NOT_ALLOWED,
                    "'declare entry-point' is not allowed in a rule file"));
            pkg.getWindowDeclarations().forEach(d -> error(d, ProblemCode.DECLARATION_NOT_ALLOWED,
                    "'declare window' is not allowed in a rule file"));
            if (pkg.getUnit() != null) error(pkg.getUnit(), ProblemCode.DECLARATION_NOT_ALLOWED, "'unit' is not allowed in a rule file");
            for (AttributeDescr attribute : pkg.getAttributes()) attribute(attribute);
            for (TypeDeclarationDescr type : pkg.getTypeDeclarations()) {
                if (vocabulary.settings().contains(type.getTypeName())) shared.settingsAttempted.putIfAbsent(type.getTypeName(), file);
                FactType settings = settings(type);
                if (settings != null) declared.put(settings.name(), settings);
            }
            for (RuleDescr descr : pkg.getRules()) {
                if (descr.isQuery()) {
                    error(descr, ProblemCode.DECLARATION_NOT_ALLOWED, "'query' is not allowed: Wegweiser runs no queries, and "
                            + "as a condition a query can recurse without limit");
                }
            }
        }

        /** {@code declare JourneySettings  mqlScore : int = 40  end}: only the settings, fields with literal values. */
        private FactType settings(TypeDeclarationDescr type) {
            String name = type.getTypeName();
            if (!vocabulary.settings().contains(name)) {
                error(type, ProblemCode.DECLARATION_NOT_ALLOWED, "'declare " + name + "' is not allowed: rules use the fact types "
                        + "that exist" + (vocabulary.settings().isEmpty() ? "" : "; a file may declare only "
                        + String.join(", ", vocabulary.settings())));
                return null;
            }
            boolean ok = true;
            if (!type.getAnnotations().isEmpty() || !type.getSuperTypes().isEmpty()) {
                ok = error(type, ProblemCode.DECLARATION_NOT_ALLOWED, "the settings take no annotations and extend nothing: "
                        + "write one 'name : type = value' per line");
            }
            Map<String, Type> fields = new LinkedHashMap<>();
            for (TypeFieldDescr field : type.getFields().values()) {
                String kind = field.getPattern() == null ? null : field.getPattern().getObjectType();
                Type fieldType = kind == null ? null : SETTING_TYPES.get(kind);
                String init = field.getInitExpr() == null ? null : field.getInitExpr().strip();
                if (fieldType == null) {
                    ok = error(field, ProblemCode.DECLARATION_NOT_ALLOWED, "setting '" + field.getFieldName() + "' has the type '"
                            + kind + "'; a setting is an int, a double, a boolean or a String");
                } else if (!field.getAnnotations().isEmpty()) {
                    ok = error(field, ProblemCode.DECLARATION_NOT_ALLOWED, "setting '" + field.getFieldName() + "' takes no annotations");
                } else if (init == null || !literalOf(fieldType, init)) {
                    ok = error(field, ProblemCode.DECLARATION_NOT_ALLOWED, "setting '" + field.getFieldName() + "' needs "
                            + fieldType.said() + " as its value, e.g. '" + field.getFieldName() + " : " + kind + " = "
                            + (fieldType == Type.Value.NUMBER ? "30" : fieldType == Type.Value.BOOLEAN ? "true" : "\"text\"") + "'");
                } else {
                    fields.put(field.getFieldName(), fieldType);
                }
            }
            return ok ? FactType.declared(name, fields) : null;
        }

        private static boolean literalOf(Type type, String init) {
            if (type == Type.Value.NUMBER) return init.matches("-?\\d{1,12}(\\.\\d{1,12})?");
            if (type == Type.Value.BOOLEAN) return BOOLEAN.matcher(init).matches();
            return init.matches("\"[^\"\\\\]{0,200}\"");
        }

        private void attribute(AttributeDescr attribute) {
            Pattern value = ATTRIBUTES.get(attribute.getName());
            if (value == null) {
                String why = switch (attribute.getName()) {
                    case "dialect" -> "rules are written in the one dialect Wegweiser checks";
                    case "timer", "duration", "calendars" -> "rules answer a request at once; nothing runs later";
                    default -> "it is not one of " + String.join(", ", new TreeMap<>(ATTRIBUTES).keySet());
                };
                error(attribute, ProblemCode.ATTRIBUTE_NOT_ALLOWED, "the attribute '" + attribute.getName() + "' is not allowed: " + why);
            } else if (!value.matcher(attribute.getValue().strip()).matches()) {
                error(attribute, ProblemCode.ATTRIBUTE_NOT_ALLOWED, "the attribute '" + attribute.getName() + "' takes a plain value ("
                        + switch (attribute.getName()) {
                            case "salience" -> "a whole number, e.g. salience 10";
                            case "enabled", "no-loop", "auto-focus", "lock-on-active" -> "true or false";
                            case "agenda-group", "activation-group", "ruleflow-group" -> "a name in quotes";
                            default -> "a date in quotes, e.g. \"2027-01-31\"";
                        } + "), not '" + Expressions.shorten(attribute.getValue()) + "'");
            }
        }

        void rules(PackageDescr pkg, Map<String, FactType> declared) {
            for (RuleDescr descr : pkg.getRules()) {
                if (descr.isQuery()) continue;
                rule = descr.getName();
                rule(descr, declared);
                rule = null;
            }
        }

        private void rule(RuleDescr descr, Map<String, FactType> declared) {
            // The name is the reason users read, and Drools writes it into the Java it generates: plain text only.
            if (!RULE_NAME.matcher(descr.getName()).matches()) {
                error(descr, ProblemCode.DECLARATION_NOT_ALLOWED, "a rule name is plain text of up to 200 characters, "
                        + "without double quotes, backslashes or control characters");
            }
            descr.getAttributes().values().forEach(this::attribute);
            if (!descr.getAnnotations().isEmpty()) {
                error(descr, ProblemCode.ATTRIBUTE_NOT_ALLOWED, "annotations ('@" + descr.getAnnotations().iterator().next().getName()
                        + "') are not allowed on a rule");
            }
            if (descr.getParentName() != null) {
                error(descr, ProblemCode.DECLARATION_NOT_ALLOWED, "'extends' is not allowed: write each rule's conditions in full");
            }
            if (descr.getUnit() != null) error(descr, ProblemCode.DECLARATION_NOT_ALLOWED, "'unit' is not allowed in a rule file");
            if (!descr.getNamedConsequences().isEmpty()) {
                error(descr, ProblemCode.CONDITION_NOT_ALLOWED, "named consequences ('then[...]', 'do[...]') are not allowed: "
                        + "a rule has one 'then'");
            }
            Map<String, Type> bindings = new LinkedHashMap<>();
            condition(descr.getLhs(), bindings, declared);
            actions(descr, bindings);
        }

        // ------------------------------------------------------------ conditions

        private void condition(BaseDescr descr, Map<String, Type> bindings, Map<String, FactType> declared) {
            if (descr instanceof AndDescr || descr instanceof OrDescr || descr instanceof NotDescr
                    || descr instanceof ExistsDescr || descr instanceof ForallDescr) {
                for (BaseDescr child : ((org.drools.drl.ast.descr.ConditionalElementDescr) descr).getDescrs()) {
                    condition(child, bindings, declared);
                }
            } else if (descr instanceof PatternDescr pattern) {
                pattern(pattern, bindings, declared);
            } else {
                error(descr, ProblemCode.CONDITION_NOT_ALLOWED, conditionNotAllowed(descr));
            }
        }

        private static String conditionNotAllowed(BaseDescr descr) {
            return switch (descr.getClass().getSimpleName()) {
                case "EvalDescr" -> "'eval(...)' is not allowed: write the condition inside a pattern, e.g. ContentItem( format == \"webinar\" )";
                case "AccumulateDescr" -> "'accumulate' is not allowed: a rule looks at one item at a time";
                case "CollectDescr" -> "'collect' is not allowed: a rule looks at one item at a time";
                case "ConditionalBranchDescr", "NamedConsequenceDescr" -> "'if ... do[...]' and 'do[...]' are not allowed: a rule has one 'then'";
                default -> "this kind of condition is not allowed; a rule joins patterns such as Contact( ... ) and ContentItem( ... ) "
                        + "with and, or, not, exists";
            } ;
        }

        private void pattern(PatternDescr pattern, Map<String, Type> bindings, Map<String, FactType> declared) {
            if (pattern.isQuery()) {
                error(pattern, ProblemCode.CONDITION_NOT_ALLOWED, "queries are not allowed in a rule");
                return;
            }
            String typeName = pattern.getObjectType();
            if (pattern.getSource() instanceof FromDescr from && (typeName.equals("String") || isEnum(typeName))) {
                element(pattern, from, bindings);
                return;
            }
            FactType type = declared.containsKey(typeName) ? declared.get(typeName) : vocabulary.factNamed(typeName).orElse(null);
            if (type == null && vocabulary.settings().contains(typeName)) shared.settingsUses.put(file + "\u0000" + rule, typeName);
            if (type == null || type.javaClass() != null && type.javaClass().isEnum()) {
                error(pattern, ProblemCode.UNKNOWN_FACT_TYPE, "'" + typeName + "' is not a fact rules can match; the facts are "
                        + String.join(", ", factNames(declared)));
                return;
            }
            if (pattern.getSource() != null) {
                String kind = pattern.getSource().getClass().getSimpleName();
                error(pattern, ProblemCode.CONDITION_NOT_ALLOWED, switch (kind) {
                    case "FromDescr" -> "'from' is not allowed: match the facts themselves, e.g. ContentItem( ... )";
                    case "AccumulateDescr" -> "'accumulate' is not allowed: a rule looks at one item at a time";
                    case "CollectDescr" -> "'collect' is not allowed: a rule looks at one item at a time";
                    default -> "'" + Expressions.shorten(pattern.getSource().getText()) + "' is not allowed as the source of a pattern";
                });
                return;
            }
            if (!pattern.getBehaviors().isEmpty() || !pattern.getAnnotations().isEmpty()) {
                error(pattern, ProblemCode.CONDITION_NOT_ALLOWED, "windows ('over') and annotations are not allowed on a pattern");
                return;
            }
            if (pattern.getIdentifier() != null) bindings.put(pattern.getIdentifier(), type);
            for (BaseDescr constraint : pattern.getConstraint().getDescrs()) {
                if (!(constraint instanceof ExprConstraintDescr expression)
                        || expression.getType() != ExprConstraintDescr.Type.NAMED) {
                    error(constraint, ProblemCode.CONDITION_NOT_ALLOWED, "write each condition with the field's name, "
                            + "e.g. ContentItem( format == \"webinar\" ); positional conditions (';') are not allowed");
                    continue;
                }
                constraint(expression, type, bindings);
            }
        }

        private boolean isEnum(String typeName) {
            return vocabulary.fact(typeName).map(f -> f.javaClass().isEnum()).orElse(false);
        }

        /**
         * {@code $concern : String() from $contact.concerns}: one value of a set the contact or item has,
         * the only use of 'from' a rule has. The source must be a set the vocabulary offers.
         */
        private void element(PatternDescr pattern, FromDescr from, Map<String, Type> bindings) {
            String source = from.getDataSource() == null ? "" : from.getDataSource().getText();
            try {
                Type type = value(source, new Expressions.Scope(null, bindings));
                if (type != Type.Value.SET) {
                    throw new Expressions.Refusal(ProblemCode.CONDITION_NOT_ALLOWED, 0, 0, "'from' takes one value of a set, e.g. "
                            + "$concern : String() from $contact.concerns; '" + Expressions.shorten(source) + "' is " + type.said());
                }
                if (!pattern.getConstraint().getDescrs().isEmpty() || !pattern.getBehaviors().isEmpty()) {
                    throw new Expressions.Refusal(ProblemCode.CONDITION_NOT_ALLOWED, 0, 0, "a value taken 'from' a set takes no "
                            + "conditions of its own; compare it where it is used, e.g. ContentItem( concerns contains $concern )");
                }
            } catch (Expressions.Refusal refusal) {
                add(pattern.getLine(), pattern.getColumn() + 1, refusal.code, Severity.ERROR, refusal.getMessage());
                return;
            }
            if (pattern.getIdentifier() != null) {
                bindings.put(pattern.getIdentifier(), pattern.getObjectType().equals("String") ? Type.Value.TEXT
                        : vocabulary.fact(pattern.getObjectType()).orElseThrow());
            }
        }

        private void constraint(ExprConstraintDescr constraint, FactType self, Map<String, Type> bindings) {
            DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(DrlParser.DEFAULT_LANGUAGE_LEVEL);
            ConstraintConnectiveDescr parsed = parser.parse(constraint.getExpression());
            if (parser.hasErrors() || parsed == null) {
                String detail = parser.getErrors().isEmpty() ? "" : ": " + DroolsMessages.explain(parser.getErrors().get(0).getMessage());
                error(constraint, ProblemCode.SYNTAX, "cannot read the condition '" + Expressions.shorten(constraint.getExpression())
                        + "'" + detail);
                return;
            }
            Expressions.Scope scope = new Expressions.Scope(self, bindings);
            try {
                connective(parsed, constraint, scope);
            } catch (Expressions.Refusal refusal) {
                refuse(constraint, refusal);
            }
        }

        /** A refusal inside a condition, placed at the condition (and the part of it when it can be found). */
        private void refuse(ExprConstraintDescr constraint, Expressions.Refusal refusal) {
            String message = refusal.tail.isEmpty() ? refusal.getMessage()
                    : refusal.head + " (in '" + Expressions.shorten(constraint.getExpression()) + "')" + refusal.tail;
            add(constraint.getLine(), constraint.getColumn() + 1, refusal.code, Severity.ERROR, message);
        }

        private void connective(BaseDescr descr, ExprConstraintDescr at, Expressions.Scope scope) throws Expressions.Refusal {
            if (descr instanceof ConstraintConnectiveDescr connective) {
                var type = connective.getConnective();
                if (type != org.drools.drl.ast.descr.ConnectiveType.AND && type != org.drools.drl.ast.descr.ConnectiveType.OR
                        && type != org.drools.drl.ast.descr.ConnectiveType.INC_AND && type != org.drools.drl.ast.descr.ConnectiveType.INC_OR) {
                    throw new Expressions.Refusal(ProblemCode.OPERATOR_NOT_ALLOWED, 0, 0,
                            "'" + type + "' is not allowed: join conditions with ',', && or ||");
                }
                for (BaseDescr child : connective.getDescrs()) connective(child, at, scope);
            } else if (descr instanceof RelationalExprDescr relation) {
                relation(relation, scope);
            } else if (descr instanceof BindingDescr binding) {
                bind(binding, scope);
            } else if (descr instanceof AtomicExprDescr atom) {
                atom(atom, scope);
            } else {
                throw new Expressions.Refusal(ProblemCode.CONDITION_NOT_ALLOWED, 0, 0,
                        "'" + Expressions.shorten(String.valueOf(descr.getText())) + "' is not a condition rules may use");
            }
        }

        private Type bind(BindingDescr binding, Expressions.Scope scope) throws Expressions.Refusal {
            Type type = value(binding.getExpression(), scope);
            scope.bindings().put(binding.getVariable(), type);
            return type;
        }

        private void relation(RelationalExprDescr relation, Expressions.Scope scope) throws Expressions.Refusal {
            String operator = relation.getOperator();
            if (!OPERATORS.contains(operator) || relation.getParameters() != null && !relation.getParameters().isEmpty()) {
                String why = switch (operator) {
                    case "matches", "soundslike", "str" -> "rules compare values; they do not search text with patterns";
                    default -> "the operators are ==, !=, <, >, <=, >=, contains, not contains, memberOf, not memberOf, in, not in";
                };
                throw new Expressions.Refusal(ProblemCode.OPERATOR_NOT_ALLOWED, 0, 0, "the operator '" + operator + "' is not allowed: " + why);
            }
            Type left = side(relation.getLeft(), scope);
            Type right = side(relation.getRight(), scope);
            if ((operator.equals("==") || operator.equals("!=")) && isSetAndOne(left, right)) {
                boolean setLeft = left == Type.Value.SET;
                BaseDescr setSide = setLeft ? relation.getLeft() : relation.getRight();
                BaseDescr oneSide = setLeft ? relation.getRight() : relation.getLeft();
                Type one = setLeft ? right : left;
                String set = setSide instanceof AtomicExprDescr atom ? atom.getExpression().strip() : "the set";
                throw new Expressions.Refusal(ProblemCode.WRONG_TYPE, 0, 0, "'" + set + "' holds several values and never equals one "
                        + (one == Type.Value.TEXT ? "text" : "value") + "; "
                        + "write '" + set + (operator.equals("==") ? " contains " : " not contains ")
                        + (oneSide instanceof AtomicExprDescr atom ? atom.getExpression().strip() : "\"...\"") + "'");
            }
            if ((operator.equals("contains") || operator.equals("excludes")) && left != Type.Value.SET && left != Type.Value.TEXT) {
                throw new Expressions.Refusal(ProblemCode.WRONG_TYPE, 0, 0, "'" + operator + "' needs a set on its left, e.g. "
                        + "concerns contains \"price\"; this is " + left.said());
            }
            if (operator.equals("memberOf") && right != Type.Value.SET) {
                throw new Expressions.Refusal(ProblemCode.WRONG_TYPE, 0, 0, "'memberOf' needs a set on its right, e.g. "
                        + "id memberOf $contact.consumed; this is " + right.said());
            }
        }

        /**
         * A set compared with == or != to one value (text, a phase, a binding of one value): it compiles and
         * never matches. Sets compared with sets and with null are fine.
         */
        private static boolean isSetAndOne(Type left, Type right) {
            return left == Type.Value.SET && right != Type.Value.SET && right != Type.Value.NULL
                    || right == Type.Value.SET && left != Type.Value.SET && left != Type.Value.NULL;
        }

        private Type side(BaseDescr side, Expressions.Scope scope) throws Expressions.Refusal {
            if (side instanceof BindingDescr binding) return bind(binding, scope);
            if (side instanceof AtomicExprDescr atom) return atom(atom, scope);
            if (side instanceof ConstraintConnectiveDescr || side instanceof RelationalExprDescr) {
                connective(side, null, scope);
                return Type.Value.BOOLEAN;
            }
            throw new Expressions.Refusal(ProblemCode.CONDITION_NOT_ALLOWED, 0, 0,
                    "'" + Expressions.shorten(String.valueOf(side.getText())) + "' is not a value rules may use");
        }

        private Type atom(AtomicExprDescr atom, Expressions.Scope scope) throws Expressions.Refusal {
            String expression = atom.getExpression().strip();
            // DRL also writes text in single quotes: 'webinar'
            if (atom.isLiteral() && expression.length() >= 2 && expression.startsWith("'") && expression.endsWith("'")
                    && expression.indexOf('\'', 1) == expression.length() - 1 && expression.indexOf('\\') < 0) {
                return Type.Value.TEXT;
            }
            return value(expression, scope);
        }

        private Type value(String expression, Expressions.Scope scope) throws Expressions.Refusal {
            Expression parsed = expressions.parseExpression(expression);
            return expressions.type(parsed, scope);
        }

        // ------------------------------------------------------------ actions

        private void actions(RuleDescr descr, Map<String, Type> bindings) {
            if (!(descr.getConsequence() instanceof String consequence)) {
                error(descr, ProblemCode.ACTION_NOT_ALLOWED, "the actions after 'then' cannot be read");
                return;
            }
            int start = consequenceOffset(descr, consequence);
            BlockStmt block;
            try {
                block = expressions.parseBlock("{\n" + consequence + "\n}");
            } catch (Expressions.Refusal refusal) {
                addInConsequence(start, descr, refusal);
                return;
            }
            Expressions.Scope scope = new Expressions.Scope(null, bindings);
            int actions = 0;
            for (Statement statement : block.getStatements()) {
                if (statement instanceof EmptyStmt) continue;
                try {
                    if (!(statement instanceof ExpressionStmt expression) || !(expression.getExpression() instanceof MethodCallExpr call)) {
                        throw new Expressions.Refusal(ProblemCode.ACTION_NOT_ALLOWED, statement, "after 'then' a rule only calls "
                                + String.join(", ", vocabulary.actionNames().stream().map(n -> n + "(...)").toList()) + "; found '"
                                + Expressions.shorten(statement.toString()) + "'" + statementHint(statement));
                    }
                    expressions.action(call, scope);
                    actions++;
                } catch (Expressions.Refusal refusal) {
                    addInConsequence(start, descr, refusal);
                }
            }
            if (actions == 0 && block.getStatements().stream().allMatch(s -> s instanceof EmptyStmt)) {
                add(descr.getConsequenceLine() > 0 ? descr.getConsequenceLine() : descr.getLine(), 0, ProblemCode.DOES_NOTHING,
                        Severity.WARNING, "the rule does nothing: call " + String.join(", ", vocabulary.actionNames()) + " after 'then'");
            }
        }

        private static String statementHint(Statement statement) {
            return switch (statement.getClass().getSimpleName()) {
                case "ForStmt", "ForEachStmt", "WhileStmt", "DoStmt" -> " (a rule runs once for every item that matches; it needs no loop)";
                case "IfStmt", "SwitchStmt" -> " (put the condition into 'when', or write a second rule)";
                default -> "";
            };
        }

        /** Where the text after {@code then} starts in the file (Drools trims it), -1 if not found. */
        private int consequenceOffset(RuleDescr descr, String consequence) {
            int from = descr.getConsequenceLine() > 0 && descr.getConsequenceLine() <= lineStarts.length
                    ? lineStarts[descr.getConsequenceLine() - 1] : 0;
            return consequence.isEmpty() ? -1 : text.indexOf(consequence, from);
        }

        /** A refusal in the parsed block "{\n" + consequence + "\n}", placed in the file. */
        private void addInConsequence(int start, RuleDescr descr, Expressions.Refusal refusal) {
            if (start >= 0 && refusal.line >= 2) {
                int offset = start;
                for (int line = 2; line < refusal.line && offset >= 0; line++) {
                    int next = text.indexOf('\n', offset);
                    offset = next < 0 ? -1 : next + 1;
                }
                if (offset >= 0) {
                    error(offset + Math.max(0, refusal.column - 1), refusal.code, refusal.getMessage());
                    return;
                }
            }
            add(descr.getConsequenceLine() > 0 ? descr.getConsequenceLine() : descr.getLine(), 0, refusal.code, Severity.ERROR,
                    refusal.getMessage());
        }

        // ------------------------------------------------------------ reporting

        private String importableFacts() {
            return String.join(", ", vocabulary.facts().values().stream().map(f -> f.javaClass().getName()).sorted().toList());
        }

        private List<String> factNames(Map<String, FactType> declared) {
            List<String> names = new ArrayList<>(vocabulary.facts().values().stream()
                    .filter(f -> f.constants().isEmpty() && !f.javaClass().isEnum()).map(FactType::name).toList());
            names.addAll(declared.keySet());
            return names;
        }

        /** @return false, so a check can note that it failed */
        private boolean error(BaseDescr descr, ProblemCode code, String message) {
            add(descr.getLine(), descr.getLine() > 0 ? descr.getColumn() + 1 : 0, code, Severity.ERROR, message);
            return false;
        }

        private void error(int offset, ProblemCode code, String message) {
            int index = java.util.Arrays.binarySearch(lineStarts, offset);
            int line = index >= 0 ? index + 1 : -index - 1;
            add(line, offset - lineStarts[line - 1] + 1, code, Severity.ERROR, message);
        }

        private void add(int line, int column, ProblemCode code, Severity severity, String message) {
            String source = line >= 1 && line <= lineStarts.length ? sourceLine(line) : null;
            problems.add(new RuleProblem(code, file, Math.max(line, 0), Math.max(column, 0), severity, rule, message, source));
        }

        private String sourceLine(int line) {
            int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
            return text.substring(lineStarts[line - 1], Math.max(lineStarts[line - 1], end)).replace("\r", "");
        }

        private static int firstLine(int[] lines) {
            for (int line : lines) if (line > 0) return line;
            return 0;
        }
    }
}
