package de.wegweiser.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** The options check and diff share: where the files are and which day it is. */
final class Options {

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "${env:WEGWEISER_RULES_DIR:-rules}",
            description = "directory of the *.drl rule files (default: ${DEFAULT-VALUE})")
    Path rules;

    @Option(names = "--catalog", paramLabel = "DIR", defaultValue = "${env:WEGWEISER_CATALOG_DIR:-content-catalog}",
            description = "directory of taxonomy.yaml and the catalog files (default: ${DEFAULT-VALUE})")
    Path catalog;

    @Option(names = "--scenarios", paramLabel = "DIR", description = "directory of the scenario files (default: the rules directory's scenarios/)")
    Path scenarios;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "the day to check on: expiry and event dates are compared with it (default: today)")
    LocalDate date;

    @Option(names = "--json", description = "print JSON for CI instead of the readable report")
    boolean json;

    Path scenariosDir() {
        return scenarios != null ? scenarios : rules.resolve(de.wegweiser.scenarios.ScenarioLoader.FOLDER);
    }

    LocalDate day() {
        return date != null ? date : LocalDate.now();
    }
}
