package de.wegweiser.rules;

import de.wegweiser.domain.Taxonomy;
import de.wegweiser.files.SourceFiles;
import de.wegweiser.rules.check.RuleCheck;
import de.wegweiser.rules.check.Vocabulary;
import de.wegweiser.rules.conditions.WhyNot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.compiler.compiler.DescrBuildError;
import org.drools.compiler.compiler.RuleBuildError;
import org.drools.drl.ast.descr.RuleDescr;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.conf.PropertySpecificOption;
import org.kie.internal.jci.CompilationProblem;

/**
 * Checks, lints and compiles the DRL files of a rules directory into a {@link RuleBook}. The
 * safety check ({@link RuleCheck}) runs first: files that use anything beyond what their kind of
 * rule may use never reach Drools. The {@link RuleLinter}'s errors are reported together with the
 * compiler's. Uses the
 * {@code KnowledgeBuilder} API rather than {@code KieBuilder}: only it reports errors in
 * conditions with a line, which we turn into file, line, rule and source line.
 */
public final class RuleCompiler {

    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");

    private final Clock clock;
    private final boolean lint;

    public RuleCompiler(Clock clock) {
        this(clock, true);
    }

    /**
     * Without the lint only for tests of the engine's own safety nets (the runaway guard), which
     * need rules the lint refuses.
     */
    RuleCompiler(Clock clock, boolean lint) {
        this.clock = clock;
        this.lint = lint;
    }

    /** Sub-folder of the rules directory with the journey rules: compiled on their own, see {@link #compileJourney}. */
    public static final String JOURNEY_DIR = "journey";
    /** Recommendation rules may also be kept as a spreadsheet: a Drools decision table saved as CSV. */
    public static final String DECISION_TABLE = ".csv";
    /** Sub-folder of the rules directory with the account rules: compiled on their own, see {@link #compileAccount}. */
    public static final String ACCOUNT_DIR = "account";
    /** Sub-folder of the rules directory with the marketers' scenarios: not rules at all. */
    public static final String SCENARIOS_DIR = "scenarios";

    /**
     * The recommendation rules without a taxonomy: terms are not checked. Use
     * {@link #compile(Path, Taxonomy)} whenever the catalog is at hand.
     */
    public RuleBook compile(Path dir) throws RuleCompilationException {
        return compile(dir, null);
    }

    /**
     * The recommendation rules: every {@code *.drl} and decision table ({@code *.csv}) under {@code dir} except those in
     * {@value #JOURNEY_DIR}/, {@value #ACCOUNT_DIR}/ and {@value #SCENARIOS_DIR}/, which answer other questions.
     *
     * @param taxonomy the terms rules may compare with and label; null skips that check
     * @throws RuleCompilationException with every lint and compiler error (and the lint's warnings)
     */
    public RuleBook compile(Path dir, Taxonomy taxonomy) throws RuleCompilationException {
        if (!Files.isDirectory(dir)) {
            throw new RuleCompilationException(dir.toString(),
                    List.of(new RuleProblem(ProblemCode.NO_RULES, dir.toString(), 0, null, "rules directory does not exist", null)));
        }
        List<Path> files = recommendationFiles(dir);
        if (files.isEmpty()) {
            throw new RuleCompilationException(dir.toString(),
                    List.of(new RuleProblem(ProblemCode.NO_RULES, dir.toString(), 0, null, "no rule files (*.drl) found", null)));
        }
        RuleLinter linter = new RuleLinter(taxonomy);
        return build(dir, files, Vocabulary.RECOMMENDATION, linter::lint, true, taxonomy).book();
    }

    /**
     * The journey rules in {@code rulesDir/journey}: events in, phase, status, score and contact
     * policy out. File names in problems are relative to {@code rulesDir} ({@code journey/phases.drl}).
     * Without journey rules nothing is inferred: the book is {@linkplain JourneyRuleBook#isEmpty() empty}.
     */
    public JourneyRuleBook compileJourney(Path rulesDir) throws RuleCompilationException {
        List<Path> files = journeyFiles(rulesDir);
        if (files.isEmpty()) return JourneyRuleBook.empty(clock.instant());
        // Of the recommendation lint only the enum check applies: journey rules have their own package, settings and helpers.
        Built built = build(rulesDir, files, Vocabulary.JOURNEY, texts -> RuleLinter.enumsAsTextOnly(new RuleLinter(null).lint(texts)), false, null);
        return JourneyRuleBook.of(built.book(), built.sources(), rulesDir.toString());
    }

    /**
     * The account rules in {@code rulesDir/account}: an account's members in; the buying center it
     * needs, its phase, status, engagement score and gaps out. Checked against {@link Vocabulary#ACCOUNT}.
     * Without account rules accounts show their members only: the book is {@linkplain AccountRuleBook#isEmpty() empty}.
     */
    public AccountRuleBook compileAccount(Path rulesDir) throws RuleCompilationException {
        List<Path> files = accountFiles(rulesDir);
        if (files.isEmpty()) return AccountRuleBook.empty(clock.instant());
        Built built = build(rulesDir, files, Vocabulary.ACCOUNT, texts -> RuleLinter.enumsAsTextOnly(new RuleLinter(null).lint(texts)), false, null);
        return AccountRuleBook.of(built.book(), built.sources(), rulesDir.toString());
    }

    /** The files a {@link RuleBook} is compiled from; their {@link SourceFiles#hash hash} is its version. */
    public static List<Path> recommendationFiles(Path rulesDir) {
        return SourceFiles.list(rulesDir, ".drl", DECISION_TABLE).stream()
                .filter(file -> !file.startsWith(rulesDir.resolve(JOURNEY_DIR)) && !file.startsWith(rulesDir.resolve(ACCOUNT_DIR))
                        && !file.startsWith(rulesDir.resolve(SCENARIOS_DIR)))
                .toList();
    }

    /** The files an {@link AccountRuleBook} is compiled from; hashed relative to {@code rulesDir} for its version. */
    public static List<Path> accountFiles(Path rulesDir) {
        Path dir = rulesDir.resolve(ACCOUNT_DIR);
        return Files.isDirectory(dir) ? SourceFiles.list(dir, ".drl") : List.of();
    }

    /** The files a {@link JourneyRuleBook} is compiled from; hashed relative to {@code rulesDir} for its version. */
    public static List<Path> journeyFiles(Path rulesDir) {
        Path dir = rulesDir.resolve(JOURNEY_DIR);
        return Files.isDirectory(dir) ? SourceFiles.list(dir, ".drl") : List.of();
    }

    record Built(RuleBook book, Map<String, SourceFile> sources) {}

    /**
     * @param vocabulary     what the files may contain: the safety check refuses everything else before Drools sees them
     * @param lint           the lint to run over the files' texts for mistakes that compile but never match
     * @param planCandidates whether to work out the {@link CandidatePlan} (recommendation rules only)
     */
    private Built build(Path dir, List<Path> files, Vocabulary vocabulary,
                        java.util.function.Function<Map<String, String>, LintReport> lint,
                        boolean planCandidates, Taxonomy taxonomy) throws RuleCompilationException {
        Map<String, SourceFile> sources = new LinkedHashMap<>();
        Map<String, DecisionTable> tables = new LinkedHashMap<>();
        List<RuleProblem> tableProblems = new ArrayList<>();
        for (Path file : files) {
            String name = SourceFiles.relative(dir, file);
            if (!name.endsWith(DECISION_TABLE)) {
                sources.put(name, SourceFile.read(file));
                continue;
            }
            // a spreadsheet becomes DRL first; a table with a wrong cell goes no further
            DecisionTable table = DecisionTable.read(name, SourceFile.text(file), taxonomy);
            tableProblems.addAll(table.problems());
            if (table.drl() != null) {
                tables.put(name, table);
                sources.put(name, SourceFile.of(table.drl()));
            }
        }

        Map<String, String> texts = texts(sources);
        RuleCheck.Checked check = this.lint ? RuleCheck.checkFiles(texts, vocabulary) : new RuleCheck.Checked(List.of(), java.util.Set.of());
        List<RuleProblem> checked = check.problems();
        LintReport lintReport = this.lint ? lint.apply(texts) : LintReport.EMPTY;
        List<RuleProblem> warnings = sorted(concat(lintReport.warnings(), checked.stream().filter(p -> !p.isError()).toList()));
        // No file reaches Drools before it passed the safety check: Drools runs some rule code while compiling (MVEL
        // folds constant expressions). Files that passed are still compiled, so all their mistakes come at once.
        java.util.Set<String> refused = check.refused();

        KnowledgeBuilder builder = newBuilder();
        CompositeKnowledgeBuilder batch = builder.batch();
        KieServices kie = KieServices.get();
        sources.forEach((name, source) -> {
            if (refused.contains(name)) return;
            Resource resource = kie.getResources().newByteArrayResource(source.bytes());
            resource.setSourcePath(name);
            batch.add(resource, ResourceType.DRL);
        });
        try {
            batch.build();
        } catch (RuntimeException e) {
            // Drools throws for some malformed input instead of reporting it; keep it readable.
            throw new RuleCompilationException(dir.toString(),
                    List.of(new RuleProblem(ProblemCode.COMPILE, dir.toString(), 0, null, "Drools could not compile the rules: " + e.getMessage(), null)));
        }
        List<RuleProblem> problems = new ArrayList<>(oneAtEachSpot(concat(
                checked.stream().filter(RuleProblem::isError).toList(), lintReport.errors())));
        problems.addAll(tableProblems);
        boolean lintNamedDuplicates = problems.stream().anyMatch(p -> p.code() == ProblemCode.DUPLICATE_RULE_NAME);
        if (builder.hasErrors() || !problems.isEmpty()) {
            for (KnowledgeBuilderError error : builder.getErrors()) {
                RuleProblem problem = problem(error, sources);
                // Drools names the first of two rules with the same name; the lint names the second and points at the first
                if (lintNamedDuplicates && String.valueOf(error.getMessage()).startsWith("Duplicate rule name")) continue;
                problems.add(problem);
            }
            problems.replaceAll(p -> inTable(p, tables));
            problems.sort(RuleProblem.ORDER);
            throw new RuleCompilationException(dir.toString(), withoutEchoes(problems), warnings.stream().map(p -> inTable(p, tables)).toList());
        }
        KieBase kieBase = builder.newKieBase();
        CandidatePlan plan = planCandidates ? CandidatePlan.analyse(texts, kieBase)
                : CandidatePlan.unusable("journey and account rules do not rank content");
        if (plan.warning() != null) {
            warnings = new ArrayList<>(warnings);
            warnings.add(plan.warning());
        }
        warnings = sorted(warnings.stream().map(w -> inTable(withColumn(w, sources), tables)).toList());
        List<RuleInfo> infos = ruleInfos(kieBase, sources).stream().map(r -> tables.containsKey(r.file())
                ? new RuleInfo(r.name(), r.file(), tables.get(r.file()).row(r.line())) : r).toList();
        return new Built(new RuleBook(kieBase, SourceFiles.hash(dir, files), List.copyOf(sources.keySet()),
                infos, clock.instant(), warnings, plan, planCandidates ? WhyNot.of(texts, (file, line) -> tables.containsKey(file) ? tables.get(file).row(line) : line)
                : WhyNot.NONE), sources);
    }

    /** A problem in the DRL generated from a decision table, at the table's row instead. */
    private static RuleProblem inTable(RuleProblem problem, Map<String, DecisionTable> tables) {
        DecisionTable table = tables.get(problem.file());
        return table == null ? problem : table.mapped(problem);
    }

    /** Shared by every compile: what it learns about missing names holds for all of them. */
    private static final ClassLoader CLASSES = new KnownClasses(RuleCompiler.class.getClassLoader());

    /** A builder for DRL over our facts (also for the generated rules of a {@link CandidatePlan}). */
    static KnowledgeBuilder newBuilder() {
        KnowledgeBuilderConfiguration configuration = KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(CLASSES);
        // Facts are immutable records: property reactivity buys nothing and only logs warnings.
        configuration.setOption(PropertySpecificOption.ALLOWED);
        return KnowledgeBuilderFactory.newKnowledgeBuilder(configuration);
    }

    private static Map<String, String> texts(Map<String, SourceFile> sources) {
        Map<String, String> texts = new LinkedHashMap<>();
        sources.forEach((name, source) -> texts.put(name, new String(source.bytes(), StandardCharsets.UTF_8)));
        return texts;
    }

    /** A warning without a column points at the first word of its line: every finding has file, line and column. */
    private static RuleProblem withColumn(RuleProblem p, Map<String, SourceFile> sources) {
        SourceFile source = sources.get(p.file());
        String line = source == null ? null : source.line(p.line());
        if (p.column() > 0 || line == null) return p;
        int column = 1;
        while (column <= line.length() && Character.isWhitespace(line.charAt(column - 1))) column++;
        return new RuleProblem(p.code(), p.file(), p.line(), column, p.severity(), p.rule(), p.message(), p.sourceLine(), p.followOns());
    }

    private static List<RuleProblem> concat(List<RuleProblem> a, List<RuleProblem> b) {
        List<RuleProblem> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<RuleProblem> sorted(List<RuleProblem> problems) {
        return problems.stream().sorted(RuleProblem.ORDER).toList();
    }

    /** The safety check and the lint may both stop at one spot: the first (the check's) is the one to read. */
    private static List<RuleProblem> oneAtEachSpot(List<RuleProblem> problems) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return sorted(problems.stream().filter(p -> seen.add(p.file() + ":" + p.line() + ":" + p.column())).toList());
    }

    /** A parse error is followed by "Parser returned a null Package" for the same file: say it once. */
    private static List<RuleProblem> withoutEchoes(List<RuleProblem> problems) {
        return problems.stream().distinct()
                .filter(p -> p.line() > 0 || problems.stream().noneMatch(o -> o != p && o.file().equals(p.file()) && o.line() > 0))
                .toList();
    }

    private static List<RuleInfo> ruleInfos(KieBase kieBase, Map<String, SourceFile> sources) {
        Map<String, RuleInfo> declared = new LinkedHashMap<>();
        sources.forEach((file, source) -> source.ruleStarts().forEach((line, name) ->
                declared.putIfAbsent(name, new RuleInfo(name, file, line))));
        List<RuleInfo> infos = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                infos.add(declared.getOrDefault(rule.getName(), new RuleInfo(rule.getName(), "?", 0)));
            }
        }
        infos.sort(Comparator.comparing(RuleInfo::file).thenComparingInt(RuleInfo::line));
        return infos;
    }

    private static final Pattern PARSER_RULE = Pattern.compile("in rule \"([^\"]+)\"");
    private static final Pattern ANALYSED_EXPRESSION = Pattern.compile("Unable to Analyse Expression (.+?):? \\[");
    /** Lines the Java code Drools generates for a right-hand side has before the rule's first action. */
    private static final int CONSEQUENCE_HEADER_LINES = 8;

    /**
     * File, line, rule and source line for one Drools error. Drools gives a line for most errors but
     * not always the right one: errors after {@code then} point at the rule header, some errors in
     * conditions have none. Both are mapped back to the DRL line here.
     */
    private static RuleProblem problem(KnowledgeBuilderError error, Map<String, SourceFile> sources) {
        String file = error.getResource() != null && error.getResource().getSourcePath() != null
                ? error.getResource().getSourcePath() : "?";
        int line = 0;
        for (int candidate : error.getLines()) {
            if (candidate > 0) {
                line = candidate;
                break;
            }
        }
        String message = DroolsMessages.explain(error.getMessage());
        SourceFile source = sources.get(file);
        if (source == null) return new RuleProblem(ProblemCode.COMPILE, file, line, null, message, null);

        String rule = null;
        if (error instanceof DescrBuildError built && built.getParentDescr() instanceof RuleDescr ruleDescr) {
            rule = ruleDescr.getName();
            line = consequenceLine(error, ruleDescr).orElse(line);
            if (line <= 0) line = source.lineContaining(analysedExpression(error.getMessage()), ruleDescr.getLine(), ruleDescr.getEndLine());
        }
        if (rule == null) {
            Matcher named = PARSER_RULE.matcher(String.valueOf(error.getMessage()));
            rule = named.find() ? named.group(1) : source.ruleAt(line);
        }
        if (line <= 0) line = source.lineMentioning(error.getMessage());
        return new RuleProblem(ProblemCode.COMPILE, file, line, rule, message, source.line(line));
    }

    /** For a Java error in a right-hand side: the DRL line of the generated line Drools complains about. */
    private static java.util.Optional<Integer> consequenceLine(KnowledgeBuilderError error, RuleDescr rule) {
        if (!(error instanceof RuleBuildError built) || !(built.getObject() instanceof CompilationProblem[] problems)
                || problems.length == 0 || rule.getConsequenceLine() <= 0) {
            return java.util.Optional.empty();
        }
        int line = rule.getConsequenceLine() + problems[0].getStartLine() - CONSEQUENCE_HEADER_LINES;
        boolean insideRule = line > rule.getConsequenceLine() && (rule.getEndLine() <= 0 || line <= rule.getEndLine());
        return insideRule ? java.util.Optional.of(line) : java.util.Optional.empty();
    }

    private static String analysedExpression(String message) {
        Matcher m = ANALYSED_EXPRESSION.matcher(String.valueOf(message).replaceAll("\\s+", " "));
        return m.find() ? m.group(1).strip() : null;
    }

    /** A DRL file's text, with the line each rule starts on. */
    record SourceFile(byte[] bytes, List<String> lines, Map<Integer, String> ruleStarts) {

        static SourceFile read(Path file) {
            try {
                return of(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        static String text(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        static SourceFile of(String text) {
            return of(text.getBytes(StandardCharsets.UTF_8));
        }

        private static SourceFile of(byte[] bytes) {
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            Map<Integer, String> starts = new LinkedHashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = RULE_HEADER.matcher(lines.get(i));
                if (m.find()) {
                    String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                    starts.put(i + 1, name);
                }
            }
            return new SourceFile(bytes, lines, starts);
        }

        String line(int number) {
            return number >= 1 && number <= lines.size() ? lines.get(number - 1) : null;
        }

        /** The rule whose body contains the line: the last rule header at or above it. */
        String ruleAt(int number) {
            String rule = null;
            for (Map.Entry<Integer, String> start : ruleStarts.entrySet()) {
                if (start.getKey() <= number) rule = start.getValue();
            }
            return number > 0 ? rule : null;
        }

        /** The first line from {@code from} to {@code to} that contains the text (or its last word), 0 if none. */
        int lineContaining(String text, int from, int to) {
            if (text == null || text.isBlank()) return 0;
            String[] words = text.split("[^\\w$]+");
            String lastWord = words.length == 0 ? text : words[words.length - 1];
            int last = to > 0 ? Math.min(to, lines.size()) : lines.size();
            for (String needle : List.of(text, lastWord)) {
                for (int n = Math.max(1, from); n <= last; n++) {
                    if (!needle.isBlank() && lines.get(n - 1).contains(needle)) return n;
                }
            }
            return 0;
        }

        /** Best effort for errors without a line: the first rule named in the message. */
        int lineMentioning(String message) {
            for (Map.Entry<Integer, String> start : ruleStarts.entrySet()) {
                if (message != null && message.contains(start.getValue())) return start.getKey();
            }
            return 0;
        }
    }
}
