package de.wegweiser.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import de.wegweiser.scenarios.ScenarioProblem;
import de.wegweiser.scenarios.ScenarioResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code check}: the catalog and taxonomy, the rules (lint and compile) and the scenarios, with a
 * report grouped by step and file and the closing line {@code N passed, M failed}.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate catalog and taxonomy, lint and compile the rules, and run every scenario.",
                "Counts one check for the catalog, one for the rules and one per scenario; exits 1 if any fails."})
final class CheckCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    Options options;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Cli cli;

    @Override
    public Integer call() throws Exception {
        Check.Result result = new Check(options.rules, options.catalog, options.scenariosDir(), options.day(), cli.versions).run();
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) out.println(JSON.writeValueAsString(json(result)));
        else print(result, out);
        out.flush();
        return result.failed() == 0 ? Cli.OK : Cli.FAILED;
    }

    // ------------------------------------------------------------ text

    private static void print(Check.Result r, PrintWriter out) {
        out.println("Wegweiser check on " + r.date());
        out.println("  rules      " + r.rulesDir());
        out.println("  catalog    " + r.catalogDir());
        out.println("  scenarios  " + r.scenariosDir());
        out.println();
        step(out, "Catalog and taxonomy", r.catalog());
        step(out, "Rules", r.rules());
        if (r.scenarioFiles() == null) {
            out.println("Scenarios: not run, " + r.notRunWhy());
        } else {
            Check.Step files = r.scenarioFiles();
            out.println("Scenarios: " + files.summary() + (r.notRunWhy() == null ? "" : "; not run, " + r.notRunWhy()));
            for (Finding finding : files.findings()) out.println("  " + finding.describe());
            if (r.report() != null) {
                String file = null;
                for (ScenarioResult result : r.report().results()) {
                    String shown = r.scenariosDir().resolve(result.scenario().file()).toString().replace('\\', '/');
                    if (!shown.equals(file)) {
                        out.println("  " + shown);
                        file = shown;
                    }
                    out.println((result.passed() ? "    ok    " : "    FAIL  ") + result.scenario().name()
                            + (result.passed() ? "" : "  (" + shown + ":" + result.scenario().line() + ")"));
                    for (ScenarioResult.Failure failure : result.failures()) out.println("          " + failure.describe());
                }
            }
        }
        out.println();
        out.println(r.passed() + " passed, " + r.failed() + " failed");
    }

    private static void step(PrintWriter out, String name, Check.Step step) {
        out.println(name + ": " + (step.ok() ? "ok" : "FAILED") + ", " + step.summary());
        for (Finding finding : step.findings()) out.println("  " + finding.describe());
    }

    // ------------------------------------------------------------ JSON

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JsonCheck(String name, boolean passed, String summary) {}

    record JsonFailure(int line, String expectation, String message) {}

    record JsonScenario(String name, String file, int line, boolean passed, List<JsonFailure> failures, List<String> top) {}

    private static Map<String, Object> json(Check.Result r) {
        List<JsonCheck> checks = new ArrayList<>();
        checks.add(new JsonCheck("catalog", r.catalog().ok(), r.catalog().summary()));
        checks.add(new JsonCheck("rules", r.rules().ok(), r.rules().summary()));
        List<Finding> findings = new ArrayList<>(r.catalog().findings());
        findings.addAll(r.rules().findings());
        if (r.scenarioFiles() != null) findings.addAll(r.scenarioFiles().findings());
        List<JsonScenario> scenarios = new ArrayList<>();
        if (r.scenarios() != null) {
            // a scenario with mistakes in its file is a failed check too: one entry with its problems
            Map<String, List<ScenarioProblem>> invalid = new LinkedHashMap<>();
            for (ScenarioProblem p : r.scenarios().problems()) invalid.computeIfAbsent(p.file() + "\u0000" + p.scenario(), k -> new ArrayList<>()).add(p);
            for (List<ScenarioProblem> problems : invalid.values()) {
                ScenarioProblem first = problems.get(0);
                scenarios.add(new JsonScenario(first.scenario() == null ? "(file)" : first.scenario(),
                        r.scenariosDir().resolve(first.file()).toString().replace('\\', '/'), first.line(), false,
                        problems.stream().map(p -> new JsonFailure(p.line(), p.field() == null ? "file" : p.field(), p.message())).toList(),
                        List.of()));
            }
        }
        if (r.report() != null) {
            for (ScenarioResult result : r.report().results()) {
                scenarios.add(new JsonScenario(result.scenario().name(),
                        r.scenariosDir().resolve(result.scenario().file()).toString().replace('\\', '/'), result.scenario().line(),
                        result.passed(),
                        result.failures().stream().map(f -> new JsonFailure(f.line(), f.expectation(), f.reason())).toList(),
                        result.top().stream().map(t -> t.item().id()).toList()));
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", r.date().toString());
        json.put("rulesDir", r.rulesDir().toString());
        json.put("catalogDir", r.catalogDir().toString());
        json.put("scenariosDir", r.scenariosDir().toString());
        json.put("passed", r.passed());
        json.put("failed", r.failed());
        json.put("checks", checks);
        json.put("findings", findings);
        json.put("scenarios", scenarios);
        if (r.notRunWhy() != null) json.put("scenariosNotRun", r.notRunWhy());
        return json;
    }
}
