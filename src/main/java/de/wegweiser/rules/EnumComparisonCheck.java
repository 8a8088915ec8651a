package de.wegweiser.rules;

import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.Taxonomy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drools compiles {@code phase == "consideration"} without complaint, and the condition then never
 * matches: a phase is an enum, not text. This check turns that silent failure into an error that
 * shows the spelling that works.
 */
final class EnumComparisonCheck {

    private static final Pattern PHASE = Pattern.compile(
            "\\b(phase|nextPhase)\\s*(==|!=)\\s*\"([^\"]*)\"|\\bphases\\s+(?:not\\s+)?contains\\s+\"([^\"]*)\"");
    private static final Pattern PHASE_IN = Pattern.compile("\\b(phase|nextPhase)\\s+(?:not\\s+)?in\\s*\\(([^)]*\"[^)]*)\\)");
    private static final Pattern LIFECYCLE = Pattern.compile("\\blifecycle\\s*(==|!=)\\s*\"([^\"]*)\"");

    private EnumComparisonCheck() {}

    static List<RuleProblem> check(String file, RuleCompiler.SourceFile source) {
        List<RuleProblem> problems = new ArrayList<>();
        List<String> lines = source.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("//.*$", "");
            int number = i + 1;
            Matcher phase = PHASE.matcher(line);
            while (phase.find()) {
                String text = phase.group(3) != null ? phase.group(3) : phase.group(4);
                problems.add(new RuleProblem(file, number, source.ruleAt(number), phaseMessage(text), lines.get(i)));
            }
            Matcher phaseIn = PHASE_IN.matcher(line);
            while (phaseIn.find()) {
                String first = phaseIn.group(2).replaceAll(".*?\"([^\"]*)\".*", "$1");
                problems.add(new RuleProblem(file, number, source.ruleAt(number), phaseMessage(first), lines.get(i)));
            }
            Matcher lifecycle = LIFECYCLE.matcher(line);
            while (lifecycle.find()) {
                String text = lifecycle.group(2);
                String constant = LifecycleStatus.parse(text).map(Enum::name).orElse("MQL");
                problems.add(new RuleProblem(file, number, source.ruleAt(number),
                        "a lifecycle status is not text and \"%s\" never matches; write LifecycleStatus.%s (and import de.wegweiser.domain.LifecycleStatus)"
                                .formatted(text, constant), lines.get(i)));
            }
        }
        return problems;
    }

    private static String phaseMessage(String text) {
        String constant = JourneyPhase.parse(text)
                .or(() -> Taxonomy.nearest(text.toLowerCase(Locale.ROOT), JourneyPhase.aliases().keySet()).flatMap(JourneyPhase::parse))
                .map(p -> "JourneyPhase." + p.name())
                .orElse("a JourneyPhase constant (" + String.join(", ", java.util.Arrays.stream(JourneyPhase.values()).map(Enum::name).toList()) + ")");
        return "a journey phase is not text and \"%s\" never matches; write %s".formatted(text, constant);
    }
}
