package de.wegweiser.rules;

import de.wegweiser.files.SourceFiles;
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

/**
 * Compiles the DRL files of a rules directory into a {@link RuleBook}. Uses the
 * {@code KnowledgeBuilder} API rather than {@code KieBuilder}: only it reports errors in
 * conditions with a line, which we turn into file, line, rule and source line.
 */
public final class RuleCompiler {

    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");

    private final Clock clock;

    public RuleCompiler(Clock clock) {
        this.clock = clock;
    }

    public RuleBook compile(Path dir) throws RuleCompilationException {
        if (!Files.isDirectory(dir)) {
            throw new RuleCompilationException(dir.toString(),
                    List.of(new RuleProblem(dir.toString(), 0, null, "rules directory does not exist", null)));
        }
        List<Path> files = SourceFiles.list(dir, ".drl");
        if (files.isEmpty()) {
            throw new RuleCompilationException(dir.toString(),
                    List.of(new RuleProblem(dir.toString(), 0, null, "no rule files (*.drl) found", null)));
        }
        Map<String, SourceFile> sources = new LinkedHashMap<>();
        for (Path file : files) sources.put(SourceFiles.relative(dir, file), SourceFile.read(file));

        KnowledgeBuilderConfiguration configuration =
                KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(RuleCompiler.class.getClassLoader());
        // Facts are immutable records: property reactivity buys nothing and only logs warnings.
        configuration.setOption(PropertySpecificOption.ALLOWED);
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(configuration);
        CompositeKnowledgeBuilder batch = builder.batch();
        KieServices kie = KieServices.get();
        sources.forEach((name, source) -> {
            Resource resource = kie.getResources().newByteArrayResource(source.bytes());
            resource.setSourcePath(name);
            batch.add(resource, ResourceType.DRL);
        });
        try {
            batch.build();
        } catch (RuntimeException e) {
            // Drools throws for some malformed input instead of reporting it; keep it readable.
            throw new RuleCompilationException(dir.toString(),
                    List.of(new RuleProblem(dir.toString(), 0, null, "Drools could not compile the rules: " + e.getMessage(), null)));
        }
        if (builder.hasErrors()) {
            List<RuleProblem> problems = new ArrayList<>();
            for (KnowledgeBuilderError error : builder.getErrors()) problems.add(problem(error, sources));
            problems.sort(Comparator.comparing(RuleProblem::file).thenComparingInt(RuleProblem::line));
            throw new RuleCompilationException(dir.toString(), problems.stream().distinct().toList());
        }
        KieBase kieBase = builder.newKieBase();
        return new RuleBook(kieBase, SourceFiles.hash(dir, files), List.copyOf(sources.keySet()),
                ruleInfos(kieBase, sources), clock.instant());
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
        SourceFile source = sources.get(file);
        String message = DroolsMessages.explain(error.getMessage());
        if (source == null) return new RuleProblem(file, line, null, message, null);
        if (line == 0) line = source.lineMentioning(error.getMessage());
        return new RuleProblem(file, line, source.ruleAt(line), message, source.line(line));
    }

    /** A DRL file's text, with the line each rule starts on. */
    record SourceFile(byte[] bytes, List<String> lines, Map<Integer, String> ruleStarts) {

        static SourceFile read(Path file) {
            try {
                byte[] bytes = Files.readAllBytes(file);
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
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
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

        /** Best effort for errors without a line: the first rule named in the message. */
        int lineMentioning(String message) {
            for (Map.Entry<Integer, String> start : ruleStarts.entrySet()) {
                if (message != null && message.contains(start.getValue())) return start.getKey();
            }
            return 0;
        }
    }
}
