package de.wegweiser.cli;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogException;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.rules.SessionPerRequestEvaluator;
import de.wegweiser.scenarios.RuleDiff;
import de.wegweiser.scenarios.RuleDiff.Change;
import de.wegweiser.scenarios.RuleDiff.ContactDiff;
import de.wegweiser.scenarios.RuleDiff.Kind;
import de.wegweiser.scenarios.Outcome;
import de.wegweiser.scenarios.ScenarioLoader;
import de.wegweiser.scenarios.ScenarioRunner;
import de.wegweiser.scenarios.ScenarioSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code diff --against DIR} and/or {@code --against-catalog DIR}: what changes in the top N when the
 * rules in {@code --rules} and the catalog in {@code --catalog} replace the older ones, for every
 * scenario contact and every phase x role x language.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show what a rule change does: the items that enter, leave or move in the top N, and score changes,",
                "for every scenario contact and a contact for every phase x role x language.",
                "Compares the rules in --rules and the catalog in --catalog (after) with the rules in --against and the",
                "catalog in --against-catalog (before; each defaults to the after side), on the same day."})
final class DiffCommand implements Callable<Integer> {

    @Mixin
    Options options;

    @Option(names = "--against", paramLabel = "DIR", description = "the rules directory before your edit (default: --rules)")
    Path against;

    @Option(names = "--against-catalog", paramLabel = "DIR", description = "the catalog directory before your edit (default: --catalog)")
    Path againstCatalog;

    @Option(names = "--top", paramLabel = "N", defaultValue = "5", description = "how many results to compare (1 to 50, default: ${DEFAULT-VALUE})")
    int top;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Cli cli;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (top < 1 || top > ScenarioLoader.MAX_TOP) {
            err.println("wegweiser diff: --top must be from 1 to " + ScenarioLoader.MAX_TOP + "; got " + top);
            return Cli.USAGE;
        }
        if (against == null && againstCatalog == null) {
            err.println("wegweiser diff: name what to compare with: --against DIR (rules before your edit), "
                    + "--against-catalog DIR (catalog before your edit), or both");
            return Cli.USAGE;
        }
        Clock clock = ScenarioRunner.clockOn(options.day());
        Catalog catalog;
        Catalog catalogBefore;
        RuleBook after;
        RuleBook before;
        try {
            catalog = cli.versions.catalog(clock, options.catalog);
            catalogBefore = againstCatalog == null ? catalog : cli.versions.catalog(clock, againstCatalog);
            after = cli.versions.rules(clock, options.rules, catalog.taxonomy());
            // against a catalog only: the same rules, compiled once while the taxonomy is the same
            before = cli.versions.rules(clock, against == null ? options.rules : against, catalogBefore.taxonomy());
        } catch (CatalogException | RuleCompilationException e) {
            err.println("wegweiser diff: cannot compare.\n" + e.getMessage());
            return Cli.FAILED;
        }
        ScenarioSet scenarios = new ScenarioLoader(catalog, List.of()).load(options.scenariosDir());
        for (var problem : scenarios.problems()) {
            err.println("skipped: " + Finding.of(options.scenariosDir(), problem).describe());
        }
        RuleDiff.Result result = RuleDiff.overAllContacts(snapshot(catalogBefore, before), snapshot(catalog, after), scenarios.scenarios(),
                top, options.day());
        if (options.json) out.println(CheckCommand.JSON.writeValueAsString(json(result)));
        else print(result, scenarios.scenarios().size(), out);
        out.flush();
        return Cli.OK;
    }

    private static Snapshot snapshot(Catalog catalog, RuleBook rules) {
        return new Snapshot(catalog, rules, new SessionPerRequestEvaluator(rules, catalog));
    }

    // ------------------------------------------------------------ text

    private void print(RuleDiff.Result result, int scenarioContacts, PrintWriter out) {
        int generated = result.contacts().size() - scenarioContacts;
        out.println("Top %d with the rules in %s and the catalog in %s (after) compared with %s and %s (before), on %s"
                .formatted(result.top(), options.rules, options.catalog, against == null ? options.rules : against,
                        againstCatalog == null ? options.catalog : againstCatalog, result.date()));
        out.println("%d scenario contacts and %d generated contacts (every phase x role x language)".formatted(scenarioContacts, generated));
        for (ContactDiff diff : result.changed()) {
            out.println();
            var c = diff.probe().contact();
            out.println((diff.probe().fromScenario() ? "scenario \"" + diff.probe().label() + "\"" : "contact " + diff.probe().label())
                    + (diff.probe().fromScenario() ? "  (" + c.role() + ", " + c.phase().id() + ", " + c.language() + ")" : ""));
            for (Change change : diff.changes()) out.println("  " + describe(change));
        }
        out.println();
        out.println("%d of %d contacts changed: %d entered, %d left, %d moved, %d score changes".formatted(
                result.changed().size(), result.contacts().size(), result.count(Kind.ENTERED), result.count(Kind.LEFT),
                result.count(Kind.MOVED), result.count(Kind.SCORE)));
    }

    /** {@code + cs-x (case-study)  entered at 3, was 7; score 80 -> 90} and the like. */
    static String describe(Change c) {
        String item = c.itemId() + " (" + c.format() + ")";
        String score = "score " + Outcome.points(c.scoreBefore()) + " -> " + Outcome.points(c.scoreAfter());
        return switch (c.kind()) {
            case ENTERED -> "+ %s  entered at %d, %s; %s".formatted(item, c.after(), was(c.before(), c.excludedBefore()), score);
            case LEFT -> "- %s  left from %d, %s; %s".formatted(item, c.before(), now(c.after(), c.excludedAfter()), score);
            case MOVED -> "%s %s  %d -> %d; %s".formatted(c.after() < c.before() ? "^" : "v", item, c.before(), c.after(), score);
            case SCORE -> "~ %s  stays %d; %s".formatted(item, c.after(), score);
        };
    }

    private static String was(int position, String excludedBy) {
        if (position > 0) return "was " + position;
        return excludedBy != null ? "was excluded by \"" + excludedBy + "\"" : "was not a candidate";
    }

    private static String now(int position, String excludedBy) {
        if (position > 0) return "now " + position;
        return excludedBy != null ? "now excluded by \"" + excludedBy + "\"" : "now not a candidate";
    }

    // ------------------------------------------------------------ JSON

    private Map<String, Object> json(RuleDiff.Result result) {
        List<Map<String, Object>> changed = new ArrayList<>();
        for (ContactDiff diff : result.changed()) {
            var c = diff.probe().contact();
            Map<String, Object> contact = new LinkedHashMap<>();
            contact.put("label", diff.probe().label());
            contact.put("source", diff.probe().fromScenario() ? "scenario" : "generated");
            contact.put("role", c.role());
            contact.put("phase", c.phase().id());
            contact.put("language", c.language());
            List<Map<String, Object>> items = new ArrayList<>();
            for (Change change : diff.changes()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("change", switch (change.kind()) {
                    case ENTERED -> "entered";
                    case LEFT -> "left";
                    case MOVED -> "moved";
                    case SCORE -> "score";
                });
                item.put("id", change.itemId());
                item.put("format", change.format());
                item.put("before", side(change.before(), change.scoreBefore(), change.excludedBefore()));
                item.put("after", side(change.after(), change.scoreAfter(), change.excludedAfter()));
                items.add(item);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("contact", contact);
            entry.put("before", diff.before());
            entry.put("after", diff.after());
            entry.put("items", items);
            changed.add(entry);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", result.date().toString());
        json.put("top", result.top());
        json.put("rulesDir", options.rules.toString());
        json.put("againstDir", (against == null ? options.rules : against).toString());
        json.put("catalogDir", options.catalog.toString());
        json.put("againstCatalogDir", (againstCatalog == null ? options.catalog : againstCatalog).toString());
        json.put("contacts", result.contacts().size());
        json.put("changed", result.changed().size());
        json.put("entered", result.count(Kind.ENTERED));
        json.put("left", result.count(Kind.LEFT));
        json.put("moved", result.count(Kind.MOVED));
        json.put("scoreChanges", result.count(Kind.SCORE));
        json.put("changes", changed);
        return json;
    }

    private static Map<String, Object> side(int position, double score, String excludedBy) {
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("position", position == 0 ? null : position);
        side.put("score", score);
        if (excludedBy != null) side.put("excludedBy", excludedBy);
        return side;
    }
}
