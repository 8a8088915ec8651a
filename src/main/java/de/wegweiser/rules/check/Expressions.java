package de.wegweiser.rules.check;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.Node;
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
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.rules.ProblemCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Java in a rule (a value in a condition, the actions after {@code then}) with a real
 * parser and gives each expression its {@link Type}, allowing only literals, bindings, the facts'
 * listed fields and methods, enum constants, the helpers, string concatenation and simple
 * arithmetic. Anything else is a {@link Refusal}.
 */
final class Expressions {

    private final JavaParser parser = new JavaParser(new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
            // defence in depth: the check refuses \\u escapes before, and Java would resolve them first
            .setPreprocessUnicodeEscapes(true)
            .setAttributeComments(false));
    private final Vocabulary vocabulary;

    Expressions(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** Why an expression is refused, and where in the text that was parsed. */
    static final class Refusal extends Exception {
        final ProblemCode code;
        /** 1-based line and column within the parsed text, 0 when unknown. */
        final int line;
        final int column;
        /** What the message says; a condition puts "(in '...')" between the two. */
        final String head;
        final String tail;

        Refusal(ProblemCode code, Node node, String message) {
            this(code, node, message, "");
        }

        Refusal(ProblemCode code, Node node, String head, String tail) {
            super(head + tail, null, false, false);
            this.code = code;
            this.line = node == null ? 0 : node.getBegin().map(p -> p.line).orElse(0);
            this.column = node == null ? 0 : node.getBegin().map(p -> p.column).orElse(0);
            this.head = head;
            this.tail = tail;
        }

        Refusal(ProblemCode code, int line, int column, String message) {
            super(message, null, false, false);
            this.code = code;
            this.line = line;
            this.column = column;
            this.head = message;
            this.tail = "";
        }
    }

    /**
     * What names mean where an expression stands.
     *
     * @param self     the fact a condition is about (its fields can be named bare), null after {@code then}
     * @param bindings the rule's bindings so far ({@code $item}, {@code $today}) with their types
     */
    record Scope(FactType self, Map<String, Type> bindings) {}

    Expression parseExpression(String text) throws Refusal {
        ParseResult<Expression> result = parser.parseExpression(text);
        if (result.isSuccessful() && result.getResult().isPresent()) return result.getResult().get();
        throw parseRefusal(result, "cannot read '" + shorten(text) + "' as a value: ");
    }

    BlockStmt parseBlock(String text) throws Refusal {
        ParseResult<BlockStmt> result = parser.parseBlock(text);
        if (result.isSuccessful() && result.getResult().isPresent()) return result.getResult().get();
        throw parseRefusal(result, "in the actions after 'then': ");
    }

    private static final java.util.regex.Pattern FOUND = java.util.regex.Pattern.compile("Found (.+?), expected (?:one of )?(.*)");

    private static Refusal parseRefusal(ParseResult<?> result, String prefix) {
        var problem = result.getProblems().isEmpty() ? null : result.getProblems().get(0);
        String detail = problem == null ? "not valid Java" : inWords(problem.getMessage().lines().findFirst().orElse("").strip());
        int line = 0;
        int column = 0;
        if (problem != null && problem.getLocation().isPresent()) {
            var begin = problem.getLocation().get().getBegin().getRange();
            if (begin.isPresent()) {
                line = begin.get().begin.line;
                column = begin.get().begin.column;
            }
        }
        return new Refusal(ProblemCode.SYNTAX, line, column, prefix + detail);
    }

    /** The parser's "Found X, expected one of ..." as a person would say it. */
    private static String inWords(String message) {
        java.util.regex.Matcher m = FOUND.matcher(message.replaceFirst("^Parse error\\.\\s*", ""));
        if (!m.find()) return "this is not valid here";
        String found = unescape(m.group(1)).replace("\"", "'");
        String expected = m.group(2);
        if (found.equals("'<EOF>'")) found = "the end";
        // "English" "Deutsch": the parser found a second text where a ',' or ')' must come
        if (found.contains("<STRING_LITERAL>") && expected.contains("\",\"")) {
            return "missing comma? Two texts follow each other without ',' between them; write \"English text\", \"deutscher Text\"";
        }
        if (expected.contains("\")\"") && (found.equals("';'") || found.equals("the end"))) return "')' is missing";
        if (expected.contains("\";\"")) return "';' is missing before " + found;
        if (expected.contains("\",\"") && found.startsWith("'\"")) return "',' is missing before " + found + "?";
        return "unexpected " + found;
    }

    private static final java.util.regex.Pattern ESCAPE = java.util.regex.Pattern.compile("\\\\u([0-9a-fA-F]{4})");

    /** The parser writes ü as \\u00fc in its messages; a marketer reads ü. */
    private static String unescape(String text) {
        return ESCAPE.matcher(text).replaceAll(r -> java.util.regex.Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(r.group(1), 16))));
    }

    /** The type of an expression, or the reason it is not allowed in a rule. */
    Type type(Expression e, Scope scope) throws Refusal {
        if (e instanceof StringLiteralExpr) return Type.Value.TEXT;
        if (e instanceof IntegerLiteralExpr || e instanceof LongLiteralExpr || e instanceof DoubleLiteralExpr) return Type.Value.NUMBER;
        if (e instanceof BooleanLiteralExpr) return Type.Value.BOOLEAN;
        if (e instanceof NullLiteralExpr) return Type.Value.NULL;
        if (e instanceof CharLiteralExpr) {
            throw new Refusal(ProblemCode.EXPRESSION_NOT_ALLOWED, e, "write text in double quotes: \"" + ((CharLiteralExpr) e).getValue() + "\"");
        }
        if (e instanceof EnclosedExpr enclosed) return type(enclosed.getInner(), scope);
        if (e instanceof NameExpr name) return name(name, scope);
        if (e instanceof ThisExpr self && self.getTypeName().isEmpty() && scope.self() != null) return scope.self();
        if (e instanceof FieldAccessExpr field) return fieldAccess(field, scope);
        if (e instanceof MethodCallExpr call) return call(call, scope, false);
        if (e instanceof BinaryExpr binary) return binary(binary, scope);
        if (e instanceof UnaryExpr unary) return unary(unary, scope);
        throw new Refusal(ProblemCode.EXPRESSION_NOT_ALLOWED, e, notAllowed(e));
    }

    /** One action after {@code then}: a call of an action helper. */
    void action(MethodCallExpr call, Scope scope) throws Refusal {
        call(call, scope, true);
    }

    private Type name(NameExpr e, Scope scope) throws Refusal {
        String name = e.getNameAsString();
        Type bound = scope.bindings().get(name);
        if (bound != null) return bound;
        if (scope.self() != null) {
            Optional<Member> field = scope.self().property(name);
            if (field.isPresent()) return field.get().result();
        }
        if (vocabulary.fact(name).isPresent()) {
            throw new Refusal(ProblemCode.EXPRESSION_NOT_ALLOWED, e, "'" + name + "' is a type; name one of its constants, e.g. "
                    + name + "." + vocabulary.fact(name).get().constants().stream().findFirst().orElse("..."));
        }
        throw unknownName(e, scope);
    }

    private Refusal unknownName(NameExpr e, Scope scope) {
        String name = e.getNameAsString();
        if (scope.self() != null && !name.startsWith("$") && Character.isLowerCase(name.charAt(0))) {
            List<String> fields = scope.self().memberNames().stream().filter(n -> !n.endsWith("(...)")).toList();
            return new Refusal(ProblemCode.UNKNOWN_NAME, e, scope.self().name() + " has no field '" + name + "'"
                    + didYouMean(name, fields).replace(" (did you mean", "; did you mean").replace("?)", "?"),
                    "; its fields are " + String.join(", ", fields));
        }
        return new Refusal(ProblemCode.UNKNOWN_NAME, e, unknownName(name, scope));
    }

    private String unknownName(String name, Scope scope) {
        StringBuilder known = new StringBuilder();
        List<String> candidates = new java.util.ArrayList<>(scope.bindings().keySet());
        if (scope.self() != null) candidates.addAll(scope.self().memberNames());
        Optional<String> nearest = Taxonomy.nearest(name, candidates);
        known.append("'").append(name).append("' is not allowed in a rule");
        nearest.ifPresent(n -> known.append("; did you mean '").append(n).append("'?"));
        if (nearest.isEmpty()) {
            known.append(": a rule reads its bindings");
            if (!scope.bindings().isEmpty()) known.append(" (").append(String.join(", ", scope.bindings().keySet())).append(")");
            if (scope.self() != null) known.append(" and the fields of ").append(scope.self().name());
            known.append(", and calls ").append(helperList());
        }
        return known.toString();
    }

    private Type fieldAccess(FieldAccessExpr e, Scope scope) throws Refusal {
        String member = e.getNameAsString();
        Optional<FactType> enumType = typeName(e.getScope(), scope);
        if (enumType.isPresent()) {
            FactType type = enumType.get();
            if (type.constants().contains(member)) return type;
            if (type.constants().isEmpty()) {
                throw new Refusal(ProblemCode.UNKNOWN_MEMBER, e, "'" + e + "' is not allowed: " + type.name() + " has no constants");
            }
            throw new Refusal(ProblemCode.UNKNOWN_MEMBER, e, type.name() + " has no constant '" + member + "'"
                    + didYouMean(member, type.constants()).replace(" (did you mean", "; did you mean").replace("?)", "?"),
                    "; the constants are " + String.join(", ", type.constants()));
        }
        Type owner = type(e.getScope(), scope);
        return property(owner, member, e);
    }

    private Type property(Type owner, String member, Node at) throws Refusal {
        if (owner instanceof FactType fact) {
            Optional<Member> found = fact.property(member);
            if (found.isPresent()) return found.get().result();
            throw new Refusal(ProblemCode.UNKNOWN_MEMBER, at, unknownMember(fact, member));
        }
        throw new Refusal(ProblemCode.UNKNOWN_MEMBER, at, "'" + member + "' is not allowed: " + owner.said()
                + " offers nothing to rules beyond comparing it and joining it into text");
    }

    private static String unknownMember(FactType fact, String member) {
        List<String> names = fact.memberNames();
        return "'" + member + "' is not a field or method of " + fact.name() + " that rules may use"
                + didYouMean(member, names) + "; " + fact.name() + " offers " + String.join(", ", names);
    }

    private static String didYouMean(String wrong, List<String> names) {
        Map<String, String> byLowerCase = new java.util.LinkedHashMap<>();
        for (String name : names) byLowerCase.putIfAbsent(name.replace("(...)", "").toLowerCase(java.util.Locale.ROOT), name.replace("(...)", ""));
        return Taxonomy.nearest(wrong, byLowerCase.keySet()).map(byLowerCase::get)
                .map(n -> " (did you mean '" + n + "'?)").orElse("");
    }

    /** The expression names a fact or enum type ({@code JourneyPhase}), and nothing else does by that name. */
    private Optional<FactType> typeName(Expression e, Scope scope) {
        if (!(e instanceof NameExpr name)) return Optional.empty();
        String text = name.getNameAsString();
        if (scope.bindings().containsKey(text)) return Optional.empty();
        if (scope.self() != null && scope.self().property(text).isPresent()) return Optional.empty();
        return vocabulary.fact(text);
    }

    private Type call(MethodCallExpr e, Scope scope, boolean asAction) throws Refusal {
        String name = e.getNameAsString();
        if (e.getTypeArguments().isPresent()) {
            throw new Refusal(ProblemCode.EXPRESSION_NOT_ALLOWED, e, "type arguments ('<...>') are not allowed in a rule");
        }
        Member member;
        String owner;
        if (e.getScope().isEmpty()) {
            Optional<Member> own = scope.self() == null ? Optional.empty() : scope.self().method(name, e.getArguments().size());
            if (own.isPresent() && !asAction) {
                member = own.get();
                owner = scope.self().name();
            } else {
                Optional<Vocabulary.Helper> helper = vocabulary.helper(name);
                if (helper.isEmpty()) {
                    throw new Refusal(asAction ? ProblemCode.ACTION_NOT_ALLOWED : ProblemCode.UNKNOWN_NAME, e,
                            "'" + name + "(...)' is not a helper" + didYouMean(name, helperNames()) + "; a rule calls " + helperList());
                }
                if (helper.get().action() != asAction) {
                    throw new Refusal(ProblemCode.EXPRESSION_NOT_ALLOWED, e, asAction
                            ? "'" + name + "(...)' gives a value and does nothing on its own; after 'then' call " + actionList()
                            : "'" + name + "(...)' is an action: call it on its own after 'then', not inside a value");
                }
                member = overload(helper.get().overloads(), e, name);
                owner = null;
            }
        } else {
            if (asAction) {
                throw new Refusal(ProblemCode.ACTION_NOT_ALLOWED, e, "after 'then' a rule only calls " + actionList()
                        + "; found '" + shorten(e.toString()) + "'");
            }
            if (typeName(e.getScope().get(), scope).isPresent()) {
                throw new Refusal(ProblemCode.EXPRESSION_NOT_ALLOWED, e, "'" + shorten(e.toString())
                        + "' is not allowed: rules use a type only to name its constants, e.g. JourneyPhase.CONSIDERATION");
            }
            Type target = type(e.getScope().get(), scope);
            if (!(target instanceof FactType fact)) {
                throw new Refusal(ProblemCode.UNKNOWN_MEMBER, e, "'" + name + "(...)' is not allowed: " + target.said()
                        + " offers no methods to rules; compare it, or join it into text with +");
            }
            List<Member> overloads = fact.members().getOrDefault(name, List.of());
            if (overloads.isEmpty()) throw new Refusal(ProblemCode.UNKNOWN_MEMBER, e, unknownMember(fact, name));
            member = overload(overloads, e, name);
            owner = fact.name();
        }
        for (int i = 0; i < e.getArguments().size(); i++) {
            Expression argument = e.getArguments().get(i);
            Type given = type(argument, scope);
            Type wanted = member.parameters().get(i);
            if (!fits(wanted, given)) {
                String parameter = member.parameterNames().get(i);
                String of = owner == null ? name : owner + "." + name;
                throw new Refusal(ProblemCode.WRONG_TYPE, argument, "the " + parameter + " given to " + of + "(...) must be "
                        + wanted.said() + (wanted == Type.Value.NUMBER ? " without quotes, e.g. 20" : "") + ", not " + given.said());
            }
        }
        return member.result();
    }

    private static Member overload(List<Member> overloads, MethodCallExpr e, String name) throws Refusal {
        int arguments = e.getArguments().size();
        for (Member member : overloads) if (member.parameters().size() == arguments) return member;
        String counts = overloads.stream().map(m -> String.valueOf(m.parameters().size())).distinct()
                .reduce((a, b) -> a + " or " + b).orElse("?");
        throw new Refusal(ProblemCode.WRONG_TYPE, e, "'" + name + "(...)' takes " + counts + " values, not " + arguments
                + " (" + String.join(", ", overloads.get(overloads.size() - 1).parameterNames()) + ")");
    }

    private static boolean fits(Type wanted, Type given) {
        if (wanted == given) return true;
        if (given == Type.Value.NULL) return wanted != Type.Value.NUMBER && wanted != Type.Value.BOOLEAN;
        return false;
    }

    private Type binary(BinaryExpr e, Scope scope) throws Refusal {
        Type left = type(e.getLeft(), scope);
        Type right = type(e.getRight(), scope);
        switch (e.getOperator()) {
            case PLUS -> {
                if (left == Type.Value.TEXT || right == Type.Value.TEXT) return Type.Value.TEXT; // joining text
                return arithmetic(e, left, right);
            }
            case MINUS, MULTIPLY, DIVIDE, REMAINDER -> {
                return arithmetic(e, left, right);
            }
            case EQUALS, NOT_EQUALS, LESS, GREATER, LESS_EQUALS, GREATER_EQUALS -> {
                return Type.Value.BOOLEAN;
            }
            case AND, OR -> {
                if (left != Type.Value.BOOLEAN || right != Type.Value.BOOLEAN) {
                    throw new Refusal(ProblemCode.WRONG_TYPE, e, "'" + e.getOperator().asString() + "' joins two conditions (true or false)");
                }
                return Type.Value.BOOLEAN;
            }
            default -> throw new Refusal(ProblemCode.EXPRESSION_NOT_ALLOWED, e, "the operator '" + e.getOperator().asString()
                    + "' is not allowed in a rule; use + - * / for numbers, + to join text, && and || for conditions");
        }
    }

    private static Type arithmetic(BinaryExpr e, Type left, Type right) throws Refusal {
        if (left == Type.Value.NUMBER && right == Type.Value.NUMBER) return Type.Value.NUMBER;
        throw new Refusal(ProblemCode.WRONG_TYPE, e, "'" + e.getOperator().asString() + "' calculates with numbers, not with "
                + (left == Type.Value.NUMBER ? right : left).said());
    }

    private Type unary(UnaryExpr e, Scope scope) throws Refusal {
        Type operand = type(e.getExpression(), scope);
        switch (e.getOperator()) {
            case MINUS, PLUS -> {
                if (operand == Type.Value.NUMBER) return operand;
            }
            case LOGICAL_COMPLEMENT -> {
                if (operand == Type.Value.BOOLEAN) return operand;
            }
            default -> throw new Refusal(ProblemCode.EXPRESSION_NOT_ALLOWED, e, "the operator '" + e.getOperator().asString()
                    + "' is not allowed in a rule: rules do not change values");
        }
        throw new Refusal(ProblemCode.WRONG_TYPE, e, "'" + e.getOperator().asString() + "' does not apply to " + operand.said());
    }

    private List<String> helperNames() {
        return vocabulary.helpers().stream().map(Vocabulary.Helper::name).toList();
    }

    private String helperList() {
        return String.join(", ", helperNames().stream().map(n -> n + "(...)").toList());
    }

    private String actionList() {
        return String.join(", ", vocabulary.actionNames().stream().map(n -> n + "(...)").toList());
    }

    /** What a construct is, in words, and why rules do without it. */
    private static String notAllowed(Expression e) {
        String what = switch (e.getClass().getSimpleName()) {
            case "ObjectCreationExpr" -> "'new' is not allowed: rules create no objects";
            case "LambdaExpr" -> "lambdas ('->') are not allowed in a rule";
            case "MethodReferenceExpr" -> "method references ('::') are not allowed in a rule";
            case "CastExpr" -> "casts are not allowed in a rule";
            case "InstanceOfExpr" -> "'instanceof' is not allowed in a rule";
            case "ArrayAccessExpr", "ArrayCreationExpr", "ArrayInitializerExpr" -> "arrays are not allowed in a rule";
            case "AssignExpr" -> "assignments are not allowed in a rule: rules do not change values";
            case "ConditionalExpr" -> "'? :' is not allowed in a rule: write two rules, one for each case";
            case "ClassExpr" -> "'.class' is not allowed in a rule (reflection)";
            case "SwitchExpr" -> "'switch' is not allowed in a rule: write one rule for each case";
            case "SuperExpr", "ThisExpr" -> "'" + e + "' is not allowed here";
            case "TextBlockLiteralExpr" -> "text blocks (\"\"\") are not allowed; write text in double quotes";
            default -> "'" + shorten(e.toString()) + "' is not allowed in a rule";
        };
        return what + "; a rule only compares facts with values and calls the helpers";
    }

    static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 60 ? oneLine.substring(0, 59) + "…" : oneLine;
    }
}
