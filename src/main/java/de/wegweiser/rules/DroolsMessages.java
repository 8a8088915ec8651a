package de.wegweiser.rules;

import de.wegweiser.domain.Taxonomy;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Drools' compiler messages into one or two plain sentences for the marketers who write
 * rules: no Java stack traces, no generated code, no MVEL internals ({@code strict-mode},
 * {@code [Near : {...}]}, carets). File, line, rule and the offending DRL line are shown next to
 * the message by {@link RuleProblem}, so the message leaves them out.
 */
public final class DroolsMessages {

    /** Longer messages are cut: the source line shown next to them says the rest. */
    static final int MAX_LENGTH = 300;

    private DroolsMessages() {}

    public static String explain(String raw) {
        if (raw == null || raw.isBlank()) return "unknown compiler error";
        List<String> lines = meaningfulLines(raw);
        if (lines.isEmpty()) return "unknown compiler error";
        String text = String.join("\n", lines);
        String plain = unknownMember(text)
                .or(() -> unresolvedExpression(text))
                .or(() -> parserError(lines.get(0)))
                .or(() -> javaErrors(lines))
                .or(() -> otherKnown(text))
                .orElseGet(() -> generic(lines));
        return shorten(plain);
    }

    // ------------------------------------------------------------------ noise

    private static final Pattern STACK_FRAME = Pattern.compile("^\\s*(at\\s+[\\w.$<>]+\\(.*\\)|\\.\\.\\. \\d+ more|Caused by:.*)$");
    private static final Pattern CODE_LINE = Pattern.compile(
            "^\\s*(\\d+\\s*[:|]|package\\s|import\\s|public\\s|private\\s|protected\\s|static\\s|final\\s|class\\s|return\\b|@\\w|[{}]|//|/\\*|\\*).*");
    private static final Pattern MVEL_NOISE = Pattern.compile("^\\s*(\\[Near\\s*:.*|\\^\\s*|\\[Line:\\s*\\d+,\\s*Column:\\s*\\d+\\]\\s*)$");

    /** The lines that say something: no stack frames, no listing of generated Java, no MVEL markers. */
    private static List<String> meaningfulLines(String raw) {
        List<String> out = new ArrayList<>();
        for (String line : raw.strip().split("\\R")) {
            if (line.isBlank() || STACK_FRAME.matcher(line).matches() || MVEL_NOISE.matcher(line).matches()) continue;
            if (CODE_LINE.matcher(line).matches()) continue;
            String cleaned = line
                    .replaceAll("\\S+\\.java\\s*\\(\\d+:\\d+\\)\\s*:\\s*", "") // generated file (9:1123) :
                    .replaceAll("^(java|org\\.drools|org\\.kie|org\\.mvel2)[\\w.$]*(Exception|Error):\\s*", "")
                    .replaceAll("\\s+", " ")
                    .strip();
            if (!cleaned.isEmpty()) out.add(cleaned);
        }
        return out;
    }

    // ------------------------------------------------------------------ conditions (MVEL)

    private static final Pattern UNRESOLVED_MEMBER = Pattern.compile(
            "unable to resolve method using strict-mode: ([\\w.$]+)\\.([\\w$]+)\\(([^)]*)\\)");
    private static final Pattern ANALYSE = Pattern.compile("^Unable to Analyse Expression (.*?):?\\s*(?:\\n|$)", Pattern.DOTALL);

    /** {@code Contact has no field 'rol'; did you mean 'role'?} and the same for enum constants. */
    private static Optional<String> unknownMember(String text) {
        Matcher m = UNRESOLVED_MEMBER.matcher(text);
        if (!m.find()) return Optional.empty();
        String className = m.group(1);
        String member = m.group(2);
        boolean withArguments = !m.group(3).isBlank();
        String simple = className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
        Class<?> type = load(className);
        String where = expression(text).map(e -> " (in '" + e + "')").orElse("");
        if (type != null && type.isEnum()) {
            List<String> constants = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) constants.add(((Enum<?>) constant).name());
            return Optional.of(simple + " has no constant '" + member + "'" + suggestion(member, constants) + where
                    + "; the constants are " + String.join(", ", constants));
        }
        if (withArguments) {
            return Optional.of(simple + " has no method '" + member + "' taking (" + simpleTypes(m.group(3)) + ")" + where);
        }
        List<String> fields = type == null ? List.of() : properties(type);
        return Optional.of(simple + " has no field '" + member + "'" + suggestion(member, fields) + where
                + (fields.isEmpty() ? "" : "; its fields are " + String.join(", ", fields)));
    }

    /** Any other condition MVEL could not make sense of: the [Error: ...] part, without internals. */
    private static Optional<String> unresolvedExpression(String text) {
        Matcher analyse = ANALYSE.matcher(text);
        if (!analyse.find()) return Optional.empty();
        String expression = analyse.group(1).strip();
        Matcher error = Pattern.compile("\\[Error:\\s*(.*?)\\]\\s*$", Pattern.MULTILINE).matcher(text);
        String reason = error.find() ? error.group(1) : "";
        reason = reason.replace("unable to resolve method using strict-mode: ", "unknown method ")
                .replaceAll("unqualified type in strict mode for: (\\S+)", "unknown name '$1'")
                .replaceAll("^Failed to compile: \\d+ compilation error\\(s\\): - \\(\\d+,\\d+\\) ", "")
                .replaceAll("[\\w.]*\\.(\\w+)\\.", "$1.");
        return Optional.of("cannot understand the condition '" + expression + "'" + (reason.isBlank() ? "" : ": " + reason));
    }

    private static Optional<String> expression(String text) {
        Matcher m = ANALYSE.matcher(text);
        if (!m.find()) return Optional.empty();
        String expression = m.group(1).strip();
        return expression.isEmpty() || expression.length() > 80 ? Optional.empty() : Optional.of(expression);
    }

    // ------------------------------------------------------------------ parser

    private static final Pattern PARSER = Pattern.compile("^\\[ERR \\d+\\] Line \\d+:\\d+ (.*)$");
    private static final Pattern IN_RULE = Pattern.compile("\\s*in rule \"?([^\"]+?)\"?\\s*$");

    private static Optional<String> parserError(String first) {
        if (first.startsWith("Parser returned a null Package")) {
            return Optional.of("the file could not be read as rules because of the syntax error reported for it");
        }
        Matcher m = PARSER.matcher(first);
        if (!m.matches()) return Optional.empty();
        String body = m.group(1);
        String rule = null;
        Matcher in = IN_RULE.matcher(body);
        if (in.find()) {
            rule = in.group(1);
            body = body.substring(0, in.start());
        }
        String inRule = rule == null ? "" : " in rule \"" + rule + "\"";
        Matcher x;
        if (body.contains("'<EOF>'")) {
            return Optional.of("the file ends in the middle of" + (rule == null ? " a rule" : " rule \"" + rule + "\"")
                    + ": is its 'end' missing?");
        }
        if ((x = Pattern.compile("^mismatched input '(.*?)'(?: expecting (.*))?$").matcher(body)).matches()
                || (x = Pattern.compile("^extraneous input '(.*?)'(?: expecting (.*))?$").matcher(body)).matches()) {
            String expected = x.group(2) == null ? "" : " (expected " + expecting(x.group(2)) + ")";
            return Optional.of("unexpected '" + x.group(1) + "'" + inRule + expected
                    + hint(rule));
        }
        if ((x = Pattern.compile("^no viable alternative at input '(.*?)'$").matcher(body)).matches()) {
            return Optional.of("cannot make sense of '" + x.group(1) + "'" + inRule + hint(rule));
        }
        if ((x = Pattern.compile("^missing (.*?) at '(.*?)'$").matcher(body)).matches()) {
            return Optional.of(expecting(x.group(1)) + " is missing before '" + x.group(2) + "'" + inRule);
        }
        return Optional.of(body.strip() + inRule);
    }

    private static String hint(String rule) {
        return rule == null ? "; is a bracket or a quote not closed?"
                : "; does the rule end with 'end', and are all brackets and quotes closed?";
    }

    private static String expecting(String tokens) {
        return tokens.replace("DRL_STRING_LITERAL", "a quoted text").replace("ID", "a name")
                .replace("SEMICOLON", "';'").replace("RIGHT_PAREN", "')'").replace("LEFT_PAREN", "'('")
                .replace("THEN", "'then'").replace("END", "'end'").replace("WHEN", "'when'");
    }

    // ------------------------------------------------------------------ right-hand side (Java)

    private static final Pattern RHS_PREFIX = Pattern.compile(
            "^(Rule Compilation error|Function Compilation error|Src compile error)\\s*:?\\s*(\\[Rule name='[^']*'\\])?\\s*");

    private static final Map<Pattern, String> JAVA = javaTranslations();

    private static Map<Pattern, String> javaTranslations() {
        Map<Pattern, String> t = new LinkedHashMap<>();
        t.put(Pattern.compile("^Syntax error, insert \"(.+?)\" to complete .*$"), "'$1' is missing");
        t.put(Pattern.compile("^Syntax error on token \"(.+?)\", delete this token$"), "'$1' does not belong here");
        t.put(Pattern.compile("^Syntax error on tokens?,? \"?(.+?)\"?,? (.+?) expected(?: (?:after|before) this token)?$"), "$2 expected at '$1'");
        t.put(Pattern.compile("^Syntax error on token \"(.+?)\", (.+?) expected.*$"), "$2 expected at '$1'");
        t.put(Pattern.compile("^Syntax error, unexpected (.*)$"), "unexpected $1");
        t.put(Pattern.compile("^(\\$?[\\w.]+) cannot be resolved to a variable$"), "unknown name '$1'");
        t.put(Pattern.compile("^([\\w.]+) cannot be resolved to a type$"), "unknown type '$1' (is it imported?)");
        t.put(Pattern.compile("^(\\$?[\\w.]+) cannot be resolved$"), "unknown name '$1'");
        t.put(Pattern.compile("^The method (\\w+)\\((.*?)\\) in the type (\\w+) is not applicable for the arguments \\((.*?)\\)$"),
                "$3.$1 takes ($2), not ($4)");
        t.put(Pattern.compile("^The method (\\w+)\\((.*?)\\) is undefined for the type (\\w+)$"), "$3 has no method $1($2)");
        t.put(Pattern.compile("^The method (\\w+)\\((.*?)\\) is undefined.*$"), "unknown function $1($2): is it imported?");
        t.put(Pattern.compile("^Type mismatch: cannot convert from (.+?) to (.+?)$"), "a $1 is given where a $2 is needed");
        t.put(Pattern.compile("^(\\w+) cannot be resolved or is not a field$"), "unknown field or constant '$1'");
        return t;
    }

    private static Optional<String> javaErrors(List<String> lines) {
        Matcher prefix = RHS_PREFIX.matcher(lines.get(0));
        if (!prefix.find()) return Optional.empty();
        Set<String> said = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 ? lines.get(0).substring(prefix.end()) : lines.get(i);
            if (line.isBlank()) continue;
            said.add(translateJava(line.strip()));
        }
        String where = lines.get(0).startsWith("Function") ? "in the function: " : "in the actions after 'then': ";
        if (said.isEmpty()) return Optional.of(where + "the Java code does not compile");
        return Optional.of(where + String.join("; ", said.stream().limit(3).toList()));
    }

    private static String translateJava(String line) {
        for (Map.Entry<Pattern, String> t : JAVA.entrySet()) {
            Matcher m = t.getKey().matcher(line);
            if (m.matches()) {
                String out = m.replaceAll(t.getValue());
                if (out.contains("unknown name '$")) out += " (is the $variable spelled as in the 'when' part?)";
                return simpleTypes(out);
            }
        }
        return simpleTypes(line);
    }

    // ------------------------------------------------------------------ everything else

    private static Optional<String> otherKnown(String text) {
        Matcher m;
        if ((m = Pattern.compile("Unable to resolve ObjectType '(.+?)'").matcher(text)).find()) {
            return Optional.of("unknown fact type '" + m.group(1) + "': is it spelled right and imported?");
        }
        if ((m = Pattern.compile("Error importing : '(.+?)'").matcher(text)).find()) {
            return Optional.of("cannot import '" + m.group(1) + "': no such class or function");
        }
        if ((m = Pattern.compile("Unable to find class '(.+?)'").matcher(text)).find()) {
            return Optional.of("unknown class '" + m.group(1) + "'");
        }
        return Optional.empty();
    }

    private static String generic(List<String> lines) {
        String text = String.join(" ", lines.stream().limit(3).toList())
                .replaceAll("\\[Error:\\s*(.*?)\\]", "$1")
                .replaceAll("unable to resolve method using strict-mode: ", "unknown method ");
        return simpleTypes(text);
    }

    // ------------------------------------------------------------------ helpers

    /** {@code java.lang.String} to {@code String}, {@code de.wegweiser.domain.Contact} to {@code Contact}. */
    private static String simpleTypes(String text) {
        return text.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][\\w$]*)", "$1");
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH - 1).stripTrailing() + "…";
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, DroolsMessages.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** What a DRL condition can read from a type: record components, getters and other no-argument methods. */
    /** Record components in declared order, then the other readable properties sorted: stable across JVM runs. */
    private static List<String> properties(Class<?> type) {
        Set<String> names = new LinkedHashSet<>();
        if (type.isRecord()) {
            for (var component : type.getRecordComponents()) names.add(component.getName());
        }
        Set<String> others = new java.util.TreeSet<>();
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() != 0 || method.getReturnType() == void.class
                    || Modifier.isStatic(method.getModifiers()) || method.getDeclaringClass() == Object.class) continue;
            String name = method.getName();
            // the field name a rule writes: getX()/isX() read as x, a record accessor as itself
            if (name.startsWith("get") && name.length() > 3) others.add(decapitalize(name.substring(3)));
            else if (name.startsWith("is") && name.length() > 2) others.add(decapitalize(name.substring(2)));
            else others.add(name);
        }
        others.removeAll(Set.of("class", "toString", "hashCode"));
        names.addAll(others);
        return List.copyOf(names);
    }

    private static String decapitalize(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** {@code ; did you mean 'role'?} when a known name is close, else nothing. */
    private static String suggestion(String wrong, List<String> known) {
        Map<String, String> byLower = new LinkedHashMap<>();
        for (String k : known) byLower.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
        return Taxonomy.nearest(wrong, byLower.keySet())
                .map(n -> "; did you mean '" + byLower.get(n) + "'?")
                .orElse("");
    }
}
