package de.wegweiser.cli;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogException;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.AccountRuleBook;
import de.wegweiser.rules.JourneyRuleBook;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.rules.SessionPerRequestEvaluator;
import de.wegweiser.scenarios.ScenarioLoader;
import de.wegweiser.scenarios.ScenarioReport;
import de.wegweiser.scenarios.ScenarioRunner;
import de.wegweiser.scenarios.ScenarioSet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything {@code check} verifies, in order: the catalog with its taxonomy, the rule files (lint
 * and compile, with the taxonomy when the catalog loaded), the scenario files, and the scenarios
 * themselves. Later steps run as far as the earlier ones allow.
 */
final class Check {

    /** One step's verdict: ok or not, a one-line summary, and its findings. */
    record Step(boolean ok, String summary, List<Finding> findings) {}

    /**
     * @param scenarios  the scenario files' verdict; null when the catalog did not load
     * @param report     the scenarios' results; null when they could not run
     * @param notRunWhy  why the scenarios did not run, or null
     */
    record Result(LocalDate date, Path rulesDir, Path catalogDir, Path scenariosDir, Step catalog, Step rules,
                  ScenarioSet scenarios, Step scenarioFiles, ScenarioReport report, String notRunWhy) {

        /** Checks that passed: the catalog, the rules and every scenario that ran and passed. */
        long passed() {
            return (catalog.ok() ? 1 : 0) + (rules.ok() ? 1 : 0) + (report == null ? 0 : report.passed());
        }

        /** Checks that failed: the catalog, the rules, every scenario that could not be read and every scenario that failed. */
        long failed() {
            return (catalog.ok() ? 0 : 1) + (rules.ok() ? 0 : 1) + (scenarios == null ? 0 : scenarios.invalid())
                    + (report == null ? 0 : report.failed());
        }
    }

    private final Path rulesDir;
    private final Path catalogDir;
    private final Path scenariosDir;
    private final LocalDate date;
    private final Versions versions;

    Check(Path rulesDir, Path catalogDir, Path scenariosDir, LocalDate date, Versions versions) {
        this.versions = versions;
        this.rulesDir = rulesDir;
        this.catalogDir = catalogDir;
        this.scenariosDir = scenariosDir;
        this.date = date;
    }

    Result run() {
        Clock clock = ScenarioRunner.clockOn(date);
        Catalog catalog = null;
        Step catalogStep;
        try {
            catalog = versions.catalog(clock, catalogDir);
            catalogStep = new Step(true, catalog.items().size() + " items, " + catalog.files().size() + " files", List.of());
        } catch (CatalogException e) {
            catalogStep = new Step(false, count(e.count(), "problem") + (e.unreported() > 0 ? ", the first " + e.problems().size() + " listed" : ""),
                    e.problems().stream().map(p -> Finding.of(catalogDir, p)).toList());
        }

        RuleBook book = null;
        JourneyRuleBook journey = null;
        AccountRuleBook account = AccountRuleBook.empty(clock.instant());
        Step rulesStep;
        String unchecked = catalog == null ? "; terms not checked: the catalog did not load" : "";
        try {
            book = versions.rules(clock, rulesDir, catalog == null ? null : catalog.taxonomy());
            // the journey rules go live with the same reload, so they are checked with the rules
            journey = versions.journey(clock, rulesDir);
            // and so do the account rules
            account = versions.account(clock, rulesDir);
            // held against the catalog as the server holds them: ids that do not exist, rules that can fire for no item, ...
            List<de.wegweiser.rules.RuleProblem> warnings = catalog == null ? book.warnings()
                    : new Snapshot(catalog, book, null).ruleWarnings(date);
            rulesStep = new Step(true, count(book.rules().size(), "rule") + " in " + count(book.files().size(), "file")
                    + (journey.isEmpty() ? "" : ", " + count(journey.rules().size(), "journey rule"))
                    + (account.isEmpty() ? "" : ", " + count(account.rules().size(), "account rule"))
                    + (warnings.isEmpty() ? "" : ", " + count(warnings.size(), "warning")) + unchecked,
                    warnings.stream().map(p -> Finding.of(rulesDir, p)).toList());
        } catch (RuleCompilationException e) {
            List<Finding> findings = new java.util.ArrayList<>(e.problems().stream().map(p -> Finding.of(rulesDir, p)).toList());
            e.warnings().forEach(p -> findings.add(Finding.of(rulesDir, p)));
            rulesStep = new Step(false, count(e.problems().size(), "error")
                    + (e.warnings().isEmpty() ? "" : ", " + count(e.warnings().size(), "warning")) + unchecked, findings);
        }

        if (catalog == null) {
            return new Result(date, rulesDir, catalogDir, scenariosDir, catalogStep, rulesStep, null, null, null,
                    "the catalog has errors");
        }
        List<String> ruleNames = book == null ? List.of() : ScenarioLoader.names(book.rules());
        List<String> journeyRuleNames = journey == null ? List.of() : ScenarioLoader.names(journey.rules());
        ScenarioSet scenarios = new ScenarioLoader(catalog, ruleNames, journeyRuleNames).load(scenariosDir);
        Step filesStep = new Step(scenarios.problems().isEmpty(),
                count(scenarios.scenarios().size() + scenarios.invalid(), "scenario") + " in " + count(scenarios.files().size(), "file"),
                scenarios.problems().stream().map(p -> Finding.of(scenariosDir, p)).toList());
        if (book == null) {
            return new Result(date, rulesDir, catalogDir, scenariosDir, catalogStep, rulesStep, scenarios, filesStep, null,
                    "the rules have errors");
        }
        // scenarios with events run them through the journey rules, and account scenarios through the account rules, as the server would
        Snapshot snapshot = new Snapshot(catalog, book, new SessionPerRequestEvaluator(book, catalog),
                journey == null ? JourneyRuleBook.empty(clock.instant()) : journey, account);
        ScenarioReport report = new ScenarioRunner(snapshot, date).run(scenarios.scenarios());
        return new Result(date, rulesDir, catalogDir, scenariosDir, catalogStep, rulesStep, scenarios, filesStep, report, null);
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
