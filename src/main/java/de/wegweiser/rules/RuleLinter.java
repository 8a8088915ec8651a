package de.wegweiser.rules;

import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import de.wegweiser.files.SourceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads rule files before Drools compiles them and reports, with file, line and column, the
 * mistakes Drools compiles silently into a condition that never matches: a role, concern, topic,
 * format or language that is not in the taxonomy ({@code concerns contains "prise"}), a phase or
 * lifecycle status compared with text ({@code phase == "consideration"}); rule names used twice;
 * rules that never look at the contact; and (as a warning) rules without a comment of intent.
 *
 * <p>What a rule may contain at all is not this class's business: the safety check in
 * {@code de.wegweiser.rules.check} decides that on the parsed rule, before anything here matters.
 */
public final class RuleLinter {

    /** The one package of all rule files: rule names must be unique in it, and it holds no Java classes. */
    public static final String PACKAGE = "wegweiser.rules";

    private static final Pattern TOP_LEVEL = Pattern.compile(
            "(?m)^[ \\t]*(rule|query|declare|function|global|import|package|unit|template)\\b");
    private static final Set<String> BLOCKS = Set.of("rule", "query", "declare", "function");

    private static final String LITERAL = "(?:\"([^\"\\n]*)\"|'([^'\\n]*)')";
    private static final Pattern LITERAL_AT = Pattern.compile(LITERAL);
    private static final String FIELD = "(?:(?:\\$[\\w$]*|this|[a-z]\\w*)\\s*\\.\\s*)?(roles|role|concerns|topics|format|language)\\b(?!\\s*\\()";
    private static final Pattern TERM_FIELD = Pattern.compile("(?<![\\w$.])" + FIELD);
    private static final Pattern TERM_OPERATOR = Pattern.compile(
            "\\s*(==|!=|not\\s+contains\\b|contains\\b|not\\s+in\\b|in\\b|excludes\\b)\\s*");
    private static final Pattern TERM_MORE = Pattern.compile("\\s*(?:\\|\\||&&)\\s*(==|!=|not\\s+contains\\b|contains\\b)\\s*");
    private static final Pattern TERM_REVERSED = Pattern.compile(
            "(?<![\\w$.])" + LITERAL + "\\s*(?:==|!=|(?:not\\s+)?memberOf\\b)\\s*" + FIELD);
    private static final Pattern LABEL = Pattern.compile("(?<![\\w$.])label\\s*\\(\\s*" + LITERAL + "\\s*\\)");
    private static final Pattern LIST_OPEN = Pattern.compile("\\(");
    private static final Pattern LIST_NEXT = Pattern.compile("\\s*(,|\\))\\s*");

    private static final Pattern PHASE_TEXT = Pattern.compile("(?<![\\w$])(phase|nextPhase)\\s*(?:==|!=)\\s*" + LITERAL
            + "|(?<![\\w$])(phases)\\s+(?:not\\s+)?contains\\s+" + LITERAL);
    private static final Pattern PHASE_IN_TEXT = Pattern.compile("(?<![\\w$])(phase|nextPhase)\\s+(?:not\\s+)?in\\s*\\(([^)]*)\\)");
    private static final Pattern LIFECYCLE_TEXT = Pattern.compile("(?<![\\w$])(lifecycle)\\s*(?:==|!=)\\s*" + LITERAL);

    private static final Pattern JOINS_CONTACT = Pattern.compile("(?<![\\w$.])(Contact|Today)\\s*\\(");
    private final Taxonomy taxonomy;

    /** @param taxonomy the terms rules may use; null skips the term checks (no catalog at hand) */
    public RuleLinter(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    /**
     * Only the findings every rule file needs, whatever its purpose: phases and statuses written as
     * text (Drools compiles them, and they never match). For the journey rules, whose package,
     * settings and helpers differ from the recommendation rules this lint is written for.
     */
    public static LintReport enumsAsTextOnly(LintReport report) {
        return new LintReport(report.findings().stream()
                .filter(p -> p.code() == ProblemCode.PHASE_AS_TEXT || p.code() == ProblemCode.STATUS_AS_TEXT)
                .toList(), true);
    }

    /** Lints every {@code *.drl} file under the directory. */
    public LintReport lint(Path dir) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Path file : SourceFiles.list(dir, ".drl")) {
            try {
                sources.put(SourceFiles.relative(dir, file), Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return lint(sources);
    }

    /** Lints rule files given as name (relative to the rules directory) and text. */
    public LintReport lint(Map<String, String> sources) {
        List<RuleProblem> findings = new ArrayList<>();
        Map<String, String> ruleNames = new LinkedHashMap<>();
        for (Map.Entry<String, String> source : new TreeMap<>(sources).entrySet()) {
            FileLint file = new FileLint(source.getKey(), source.getValue(), ruleNames);
            file.run();
            findings.addAll(file.findings);
        }
        Set<String> seen = new HashSet<>();
        List<RuleProblem> unique = findings.stream()
                .sorted(Comparator.comparing(RuleProblem::file).thenComparingInt(RuleProblem::line).thenComparingInt(RuleProblem::column))
                .filter(p -> seen.add(p.file() + ":" + p.line() + ":" + p.column())) // one finding per spot: the first check wins
                .toList();
        return new LintReport(unique, true);
    }

    /** The lint of one file: masks comments and strings, then walks its top-level declarations. */
    private final class FileLint {
        private final String file;
        private final String raw;
        /** The text with comments blanked out; strings kept. */
        private final String code;
        /** The text with comments and the contents of strings blanked out: only code is left. */
        private final String bare;
        private final int[] lineStarts;
        private final List<String> lines;
        private final Map<String, String> ruleNames;
        private final List<RuleProblem> findings = new ArrayList<>();
        private String rule;

        FileLint(String file, String raw, Map<String, String> ruleNames) {
            this.file = file;
            this.raw = raw;
            this.ruleNames = ruleNames;
            String[] masked = mask(raw);
            this.code = masked[0];
            this.bare = masked[1];
            this.lines = raw.lines().toList();
            this.lineStarts = SourceFiles.lineStarts(raw);
        }

        /** Lints every rule; other declarations are the safety check's business. */
        void run() {
            Matcher top = TOP_LEVEL.matcher(bare);
            int position = 0;
            while (position < bare.length() && top.find(position)) {
                rule = null;
                position = top.group(1).equals("rule") ? rule(top.start(1)) : top.end();
            }
            rule = null;
        }

        // ------------------------------------------------------------ rules

        /** Checks one rule and returns the position after its {@code end}. */
        private int rule(int at) {
            int i = skipSpaces(at + "rule".length());
            int nameEnd;
            String name;
            if (i < bare.length() && (bare.charAt(i) == '"' || bare.charAt(i) == '\'')) {
                int close = bare.indexOf(bare.charAt(i), i + 1);
                nameEnd = close < 0 ? endOfLine(i) : close + 1;
                name = code.substring(i + 1, Math.max(i + 1, nameEnd - 1));
            } else {
                nameEnd = identifierEnd(i);
                name = bare.substring(i, nameEnd);
            }
            rule = name.isBlank() ? null : name;

            int depth = 0;
            int when = -1;
            int then = -1;
            int end = -1;
            int stop = bare.length();
            for (int j = nameEnd; j < bare.length(); ) {
                char c = bare.charAt(j);
                if (c == '(' || c == '[' || c == '{') depth++;
                else if (c == ')' || c == ']' || c == '}') depth = Math.max(0, depth - 1);
                else if (isIdentifierStart(c) && (j == 0 || !isIdentifierPart(bare.charAt(j - 1)))) {
                    int k = identifierEnd(j);
                    String word = bare.substring(j, k);
                    if (depth == 0) {
                        if (word.equals("when") && when < 0 && then < 0) when = j;
                        else if (word.equals("then") && then < 0) then = j;
                        else if (word.equals("end") && then >= 0) {
                            end = j;
                            stop = j;
                            break;
                        } else if (BLOCKS.contains(word) && atLineStart(j)) {
                            stop = j; // 'end' is missing; Drools reports that, the lint stops at the next block
                            break;
                        }
                    }
                    j = k;
                    continue;
                }
                j++;
            }
            int lhsStart = when >= 0 ? when + "when".length() : nameEnd;
            int lhsEnd = then >= 0 ? then : stop;

            ruleName(at, name);
            intentComment(at);
            terms(lhsStart, lhsEnd);
            labels(nameEnd, stop);
            phasesAndStatuses(nameEnd, stop);
            joinsContact(at, when >= 0 ? lhsStart : -1, lhsEnd);
            return end >= 0 ? end + "end".length() : stop;
        }

        private void ruleName(int at, String name) {
            String where = file + ":" + lineOf(at);
            String first = ruleNames.putIfAbsent(name, where);
            if (first != null) {
                error(at, ProblemCode.DUPLICATE_RULE_NAME, "rule name \"" + name + "\" is already used at " + first
                        + "; every rule needs its own name, it is the reason users see");
            }
        }

        private void intentComment(int at) {
            int line = lineOf(at);
            String above = line >= 2 && line - 2 < lines.size() ? lines.get(line - 2).strip() : "";
            boolean lineComment = above.startsWith("//") && !above.replaceFirst("^/+", "").isBlank();
            boolean blockComment = above.endsWith("*/");
            if (!lineComment && !blockComment) {
                warning(at, ProblemCode.NO_INTENT_COMMENT, "no comment of intent directly above the rule; add one line that says why it exists, "
                        + "e.g. // Vendor not chosen yet: numbers and facts convince.");
            }
        }

        /** Taxonomy terms compared with a field: {@code concerns contains "price"}, {@code format in ("a", "b")}. */
        private void terms(int from, int to) {
            if (taxonomy == null || from >= to) return;
            Matcher field = TERM_FIELD.matcher(code).region(from, to);
            while (field.find()) {
                if (!isCode(field.start())) continue;
                TermKind kind = kindOf(field.group(1));
                int position = field.end();
                Matcher operator = TERM_OPERATOR.matcher(code).region(position, to);
                while (operator.lookingAt()) {
                    boolean list = operator.group(1).endsWith("in");
                    position = list ? literalList(kind, operator.end(), to) : literal(kind, operator.end(), to);
                    if (position < 0) break;
                    operator = TERM_MORE.matcher(code).region(position, to); // role == "a" || == "b"
                }
            }
            Matcher reversed = TERM_REVERSED.matcher(code).region(from, to);
            while (reversed.find()) {
                if (!isCode(reversed.start())) continue;
                String value = reversed.group(1) != null ? reversed.group(1) : reversed.group(2);
                term(kindOf(reversed.group(3)), value, reversed.start());
            }
        }

        /** Checks the literal at the position; the position after it, or -1 if there is none. */
        private int literal(TermKind kind, int position, int to) {
            Matcher literal = LITERAL_AT.matcher(code).region(position, to);
            if (!literal.lookingAt()) return -1;
            term(kind, literal.group(1) != null ? literal.group(1) : literal.group(2), literal.start());
            return literal.end();
        }

        private int literalList(TermKind kind, int position, int to) {
            Matcher open = LIST_OPEN.matcher(code).region(position, to);
            if (!open.lookingAt()) return -1;
            int at = skipSpaces(open.end());
            while (at < to) {
                int after = literal(kind, at, to);
                if (after < 0) return -1;
                Matcher next = LIST_NEXT.matcher(code).region(after, to);
                if (!next.lookingAt()) return -1;
                if (next.group(1).equals(")")) return next.end();
                at = next.end();
            }
            return -1;
        }

        private void term(TermKind kind, String value, int at) {
            if (!taxonomy.knows(kind, value)) error(at, ProblemCode.UNKNOWN_TERM, taxonomy.unknownTermMessage(kind, value));
        }

        /** {@code label("price")}: the display name of a term, so the term must exist. */
        private void labels(int from, int to) {
            if (taxonomy == null) return;
            Matcher label = LABEL.matcher(code).region(from, to);
            while (label.find()) {
                if (!isCode(label.start())) continue;
                String value = label.group(1) != null ? label.group(1) : label.group(2);
                int at = label.start(label.group(1) != null ? 1 : 2) - 1;
                if (Arrays.stream(TermKind.values()).anyMatch(k -> taxonomy.knows(k, value))) continue;
                Map<String, TermKind> kinds = new LinkedHashMap<>();
                for (TermKind kind : TermKind.values()) for (String id : taxonomy.ids(kind)) kinds.putIfAbsent(id, kind);
                String message = Taxonomy.nearest(value, kinds.keySet())
                        .map(nearest -> taxonomy.unknownTermMessage(kinds.get(nearest), value))
                        .orElse("unknown term '" + value + "'; label() takes the id of a role, concern, topic or format");
                error(at, ProblemCode.UNKNOWN_TERM, message);
            }
        }

        /** Phases and lifecycle statuses are enums: compared with text they compile and never match. */
        private void phasesAndStatuses(int from, int to) {
            Matcher phase = PHASE_TEXT.matcher(code).region(from, to);
            while (phase.find()) {
                if (!isCode(phase.start())) continue;
                boolean single = phase.group(1) != null;
                String text = single ? (phase.group(2) != null ? phase.group(2) : phase.group(3))
                        : (phase.group(5) != null ? phase.group(5) : phase.group(6));
                error(phase.start(single ? 1 : 4), ProblemCode.PHASE_AS_TEXT, phaseMessage(text));
            }
            Matcher phaseIn = PHASE_IN_TEXT.matcher(code).region(from, to);
            while (phaseIn.find()) {
                if (!isCode(phaseIn.start())) continue;
                Matcher first = LITERAL_AT.matcher(phaseIn.group(2));
                if (first.find()) {
                    error(phaseIn.start(1), ProblemCode.PHASE_AS_TEXT, phaseMessage(first.group(1) != null ? first.group(1) : first.group(2)));
                }
            }
            Matcher lifecycle = LIFECYCLE_TEXT.matcher(code).region(from, to);
            while (lifecycle.find()) {
                if (!isCode(lifecycle.start())) continue;
                String text = lifecycle.group(2) != null ? lifecycle.group(2) : lifecycle.group(3);
                String constant = LifecycleStatus.parse(text).map(Enum::name).orElse("MQL");
                error(lifecycle.start(1), ProblemCode.STATUS_AS_TEXT, "a lifecycle status is not text and \"%s\" never matches; write LifecycleStatus.%s (and import de.wegweiser.domain.LifecycleStatus)"
                        .formatted(text, constant));
            }
        }

        /** Every rule joins the per-request facts: a rule about catalog items alone is not personal. */
        private void joinsContact(int at, int from, int to) {
            boolean joins = from >= 0 && from < to && JOINS_CONTACT.matcher(bare).region(from, to).find();
            if (!joins) {
                error(at, ProblemCode.NO_CONTACT, "the rule never looks at the contact: add a condition on Contact( ... ) (or Today( ... )); "
                        + "a rule about catalog items alone is not personal");
            }
        }

        // ------------------------------------------------------------ reporting and text helpers

        private void error(int offset, ProblemCode code, String message) {
            add(offset, code, Severity.ERROR, message);
        }

        private void warning(int offset, ProblemCode code, String message) {
            add(offset, code, Severity.WARNING, message);
        }

        private void add(int offset, ProblemCode code, Severity severity, String message) {
            int line = lineOf(offset);
            int column = offset - lineStarts[line - 1] + 1;
            String source = line - 1 < lines.size() ? lines.get(line - 1) : null;
            findings.add(new RuleProblem(code, file, line, column, severity, rule, message, source));
        }

        /** Not inside a string: text in quotes that looks like a condition is still just text. */
        private boolean isCode(int offset) {
            return bare.charAt(offset) == code.charAt(offset);
        }

        private int lineOf(int offset) {
            int index = Arrays.binarySearch(lineStarts, offset);
            return index >= 0 ? index + 1 : -index - 1;
        }

        private boolean atLineStart(int offset) {
            for (int i = offset - 1; i >= 0 && bare.charAt(i) != '\n'; i--) {
                if (!Character.isWhitespace(bare.charAt(i))) return false;
            }
            return true;
        }

        private int endOfLine(int offset) {
            int newline = bare.indexOf('\n', offset);
            return newline < 0 ? bare.length() : newline + 1;
        }

        private int skipSpaces(int offset) {
            while (offset < bare.length() && Character.isWhitespace(bare.charAt(offset))) offset++;
            return offset;
        }

        private int identifierEnd(int offset) {
            int i = offset;
            while (i < bare.length() && isIdentifierPart(bare.charAt(i))) i++;
            return i;
        }

    }

    // ------------------------------------------------------------ tables and shared helpers

    private static String phaseMessage(String text) {
        String constant = JourneyPhase.parse(text)
                .or(() -> Taxonomy.nearest(text.toLowerCase(Locale.ROOT), JourneyPhase.aliases().keySet()).flatMap(JourneyPhase::parse))
                .map(p -> "JourneyPhase." + p.name())
                .orElse("a JourneyPhase constant (" + String.join(", ", Arrays.stream(JourneyPhase.values()).map(Enum::name).toList()) + ")");
        return "a journey phase is not text and \"%s\" never matches; write %s".formatted(text, constant);
    }

    private static TermKind kindOf(String field) {
        return switch (field) {
            case "role", "roles" -> TermKind.ROLE;
            case "concerns" -> TermKind.CONCERN;
            case "topics" -> TermKind.TOPIC;
            case "format" -> TermKind.FORMAT;
            default -> TermKind.LANGUAGE;
        };
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /**
     * [0]: comments replaced by spaces; [1]: comments and the contents of string and character
     * literals replaced by spaces. Offsets and line breaks stay where they were.
     */
    public static String[] mask(String raw) {
        char[] code = raw.toCharArray();
        char[] bare = raw.toCharArray();
        int n = raw.length();
        int i = 0;
        while (i < n) {
            char c = raw.charAt(i);
            if (c == '/' && i + 1 < n && raw.charAt(i + 1) == '/') {
                for (; i < n && raw.charAt(i) != '\n'; i++) code[i] = bare[i] = ' ';
            } else if (c == '/' && i + 1 < n && raw.charAt(i + 1) == '*') {
                int close = raw.indexOf("*/", i + 2);
                int end = close < 0 ? n : close + 2;
                for (; i < end; i++) if (raw.charAt(i) != '\n') code[i] = bare[i] = ' ';
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && raw.charAt(i) != c && raw.charAt(i) != '\n') {
                    if (raw.charAt(i) == '\\' && i + 1 < n && raw.charAt(i + 1) != '\n') bare[i++] = ' ';
                    bare[i++] = ' ';
                }
                i++;
            } else {
                i++;
            }
        }
        return new String[] {new String(code), new String(bare)};
    }
}
