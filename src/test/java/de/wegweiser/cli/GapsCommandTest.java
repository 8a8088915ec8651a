package de.wegweiser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code wegweiser gaps} on the bundled rules and catalog, without a database. */
class GapsCommandTest {

    private static final String DAY = TestApp.TODAY.toString();

    record Run(int code, String out, String err) {}

    private static Run gaps(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 3];
        all[0] = "gaps";
        all[1] = "--date";
        all[2] = DAY;
        System.arraycopy(args, 0, all, 3, args.length);
        int code = InProcess.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void gaps_as_csv_list_every_phase_role_and_language_from_the_catalog_alone() {
        Run run = gaps("--format", "csv");
        assertEquals(Cli.OK, run.code(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals("phase,role,language,items,missing,contacts,item_ids", lines[0]);
        assertEquals(1 + 8 * 7 * 2, lines.length);
        for (int i = 1; i < lines.length; i++) assertTrue(lines[i].contains(",0,\""), "no database: no contacts in " + lines[i]);
    }

    @Test
    void a_high_minimum_score_turns_cells_into_gaps_listed_first_in_the_table() {
        Run strict = gaps("--min-score", "1000");
        assertEquals(Cli.OK, strict.code(), strict.err());
        assertTrue(strict.out().startsWith("Content gaps: 112 of 112 cells have fewer than 5 items scoring at least 1000.0"), strict.out());
        assertTrue(strict.out().contains("PHASE"), strict.out());
    }

    @Test
    void an_unknown_format_is_a_usage_error() {
        Run run = gaps("--format", "pdf");
        assertEquals(Cli.USAGE, run.code());
        assertTrue(run.err().contains("--format must be table, csv or json"), run.err());
    }
}
