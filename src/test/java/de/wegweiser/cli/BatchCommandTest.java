package de.wegweiser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import de.wegweiser.storage.TestStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code wegweiser batch} against the database of a running service (the real app, rules and
 * catalog), on H2 (the same file, opened in the same JVM) and, in CI, PostgreSQL: the traces the
 * command writes are the ones the service checks reported clicks against.
 */
@ParameterizedClass
@MethodSource("backends")
class BatchCommandTest {

    @Parameter
    TestStorage.Backend backend;

    static TestApp app;
    Path dir;

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    @BeforeParameterizedClassInvocation
    static void start(TestStorage.Backend backend) throws Exception {
        app = TestApp.start(backend);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (app != null) app.close();
    }

    @BeforeEach
    void files() {
        dir = TestStorage.tempDir();
    }

    @AfterEach
    void removeFiles() {
        TestStorage.delete(dir);
    }

    record Run(int code, String out, String err) {}

    /** The command on the frozen rules and catalog, on the test day, against the app's database. */
    static Run batch(String... args) {
        List<String> all = new ArrayList<>(List.of("batch", "--rules", TestApp.RULES.toString(), "--catalog", TestApp.CATALOG.toString(),
                "--date", TestApp.TODAY.toString(), "--progress", "0"));
        var storage = app.storage();
        if (storage.jdbcUrl() != null) all.addAll(List.of("--jdbc-url", storage.jdbcUrl()));
        else all.addAll(List.of("--data-dir", storage.dataDir().toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = InProcess.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String contact(String account, String role, String phase, String language) throws Exception {
        String id = "c-" + UUID.randomUUID().toString().substring(0, 8);
        Response r = app.contacts("PUT", "/api/v1/contacts/" + id, "{\"role\": \"%s\", \"phase\": \"%s\", \"language\": \"%s\", \"account\": \"%s\"}"
                .formatted(role, phase, language, account));
        assertEquals(201, r.status(), r.text());
        return id;
    }

    static String account() {
        return "batch-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static List<JsonNode> jsonLines(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) if (!line.isBlank()) lines.add(TestApp.JSON.readTree(line));
        return lines;
    }

    /** The contact ids of the answers, each of which must appear once. */
    static List<String> onceEach(List<JsonNode> lines) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode line : lines) {
            String id = line.get("contactId").asText();
            assertTrue(seen.add(id), "written twice: " + id);
            ids.add(id);
        }
        return ids;
    }

    @Test
    void a_segment_of_stored_contacts_is_written_once_each_with_tracking_ids_the_service_accepts() throws Exception {
        String account = account();
        String a = contact(account, "it", "consideration", "en");
        String b = contact(account, "finance", "evaluation", "de");
        contact(account, "it", "awareness", "en");
        Path out = dir.resolve("mailing.jsonl");

        Run run = batch("--account", account, "--phase", "consideration", "--limit", "3", "--output", out.toString());

        assertEquals(Cli.OK, run.code(), run.err());
        assertTrue(run.err().contains("done: 2 read, 2 answers written"), run.err());
        List<JsonNode> lines = jsonLines(out);
        assertEquals(Set.of(a, b), Set.copyOf(onceEach(lines)));
        for (JsonNode line : lines) {
            JsonNode own = app.contacts("GET", "/api/v1/contacts/" + line.get("contactId").asText() + "/recommendations?limit=3", null).json();
            assertEquals(own.get("recommendations").findValuesAsText("id"), line.get("recommendations").findValuesAsText("id"),
                    "the answer the contact gets from the API");
        }
        JsonNode first = lines.get(0);
        Response click = app.contacts("POST", "/api/v1/contacts/" + first.get("contactId").asText() + "/events",
                ("{\"id\": \"mail-1\", \"type\": \"recommendation-click\", \"at\": \"2026-11-23T08:00:00Z\", \"itemId\": \"%s\", "
                        + "\"channel\": \"email\", \"trackingId\": \"%s\"}").formatted(first.at("/recommendations/0/id").asText(),
                        first.get("trackingId").asText()));
        assertEquals(200, click.status(), "the service knows the mailing's trace: " + click.text());
    }

    @Test
    void bad_lines_of_a_contact_file_are_reported_with_their_number_and_the_other_contacts_are_written() throws Exception {
        Path in = Files.writeString(dir.resolve("contacts.jsonl"), String.join("\n",
                "{\"id\": \"f-1\", \"role\": \"it\", \"phase\": \"consideration\", \"language\": \"en\"}",
                "{\"id\": \"f-2\", \"role\": \"ceo2\", \"phase\": \"consideration\"}",
                "{\"id\": \"f-3\", \"role\": ",
                "",
                "{\"id\": \"f-5\", \"role\": \"finance\", \"phase\": \"awareness\", \"consumed\": [\"wp-roi-calculation\"]}",
                "{\"id\": \"f-6\", \"role\": \"finance\", \"phase\": \"loyalty\", \"colour\": \"blue\"}", ""));
        Path out = dir.resolve("out.jsonl");

        Run run = batch("--input", in.toString(), "--output", out.toString());

        assertEquals(Cli.FAILED, run.code(), "some lines were bad: " + run.err());
        assertTrue(run.err().contains("line 2: role: unknown role 'ceo2'"), run.err());
        assertTrue(run.err().contains("line 3: not a JSON object"), run.err());
        assertTrue(run.err().contains("line 6: colour: unknown field 'colour'"), run.err());
        assertTrue(run.err().contains("5 read, 2 answers written (0 without any item), 3 bad lines"), run.err());
        List<JsonNode> lines = jsonLines(out);
        assertEquals(List.of("f-1", "f-5"), onceEach(lines));
        assertFalse(lines.get(1).get("recommendations").findValuesAsText("id").contains("wp-roi-calculation"), "consumed: never again");
        assertTrue(lines.get(0).get("trackingId").asText().matches("[0-9a-f]{32}"));
    }

    @Test
    void a_csv_file_of_contacts_gives_a_csv_with_one_row_per_good_contact() throws Exception {
        Path in = Files.writeString(dir.resolve("contacts.csv"), String.join("\n",
                "id,role,phase,language,concerns,consumed,existingCustomer",
                "k-1,it,consideration,en,security;integration,,false",
                "k-2,finance,considerashun,de,,,",
                "\"k-3\",finance,awareness,de,roi,wp-roi-calculation,no",
                "k-4,head-of-sales,intent-to-purchase,en,price,,true", ""));
        Path out = dir.resolve("out.csv");

        Run run = batch("--input", in.toString(), "--output", out.toString(), "--limit", "2");

        assertEquals(Cli.FAILED, run.code(), run.err());
        assertTrue(run.err().contains("line 3: phase: unknown phase 'considerashun'; did you mean 'consideration'?"), run.err());
        assertTrue(run.err().contains("line 4: existingCustomer: must be true or false"), run.err());
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(out.toFile())) {
            it.forEachRemaining(rows::add);
        }
        assertEquals(List.of("k-1", "k-4"), rows.stream().map(r -> r.get("contactId")).toList());
        for (Map<String, String> row : rows) {
            assertTrue(row.get("trackingId").matches("[0-9a-f]{32}"), row.toString());
            assertFalse(row.get("item2Id").isBlank(), row.toString());
            assertFalse(row.containsKey("item3Id"));
        }
    }

    @Test
    void a_stopped_run_resumed_after_a_hard_kill_writes_every_stored_contact_exactly_once() throws Exception {
        String account = account();
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 12; i++) all.add(contact(account, i % 2 == 0 ? "it" : "finance", "consideration", i % 3 == 0 ? "de" : "en"));
        Path out = dir.resolve("mailing.jsonl");

        Run first = batch("--account", account, "--output", out.toString(), "--max", "5");
        assertEquals(Cli.OK, first.code(), first.err());
        assertTrue(first.err().contains("stopped after contact"), first.err());
        assertTrue(first.err().contains("continue with --resume"), first.err());
        assertEquals(5, onceEach(jsonLines(out)).size());

        // a kill after the checkpoint: answers written that the checkpoint does not know of, the last one cut in half
        String written = Files.readString(out);
        String[] lines = written.split("\n");
        Files.writeString(out, lines[3] + "\n" + lines[4].substring(0, 40), StandardOpenOption.APPEND);

        Run refused = batch("--account", account, "--output", out.toString());
        assertEquals(Cli.USAGE, refused.code(), refused.err());
        assertTrue(refused.err().contains("add --resume to continue it"), refused.err());

        Run resumed = batch("--account", account, "--output", out.toString(), "--resume");
        assertEquals(Cli.OK, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("done: 12 read, 12 answers written"), resumed.err());
        assertEquals(all, Set.copyOf(onceEach(jsonLines(out))));

        Run again = batch("--account", account, "--output", out.toString(), "--resume");
        assertEquals(Cli.OK, again.code());
        assertTrue(again.err().contains("is complete: 12 answers written"), again.err());
    }

    @Test
    void a_file_run_resumed_goes_on_after_the_last_line_it_wrote_and_counts_a_bad_line_once() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            lines.add(i == 4 ? "{\"id\": \"r-4\", \"role\": \"nobody\", \"phase\": \"awareness\"}"
                    : "{\"id\": \"r-%d\", \"role\": \"it\", \"phase\": \"awareness\"}".formatted(i));
        }
        Path in = Files.writeString(dir.resolve("contacts.jsonl"), String.join("\n", lines) + "\n");
        Path out = dir.resolve("out.jsonl");
        Path checkpoint = dir.resolve("progress.json");

        Run first = batch("--input", in.toString(), "--output", out.toString(), "--checkpoint", checkpoint.toString(), "--max", "3");
        assertEquals(Cli.OK, first.code(), first.err());
        assertTrue(first.err().contains("stopped after line 3"), first.err());
        Run second = batch("--input", in.toString(), "--output", out.toString(), "--checkpoint", checkpoint.toString(), "--resume");
        assertEquals(Cli.FAILED, second.code(), second.err());
        assertTrue(second.err().contains("line 4: role: unknown role 'nobody'"), second.err());
        assertTrue(second.err().contains("done: 7 read, 6 answers written (0 without any item), 1 bad line;"), second.err());
        assertEquals(List.of("r-1", "r-2", "r-3", "r-5", "r-6", "r-7"), onceEach(jsonLines(out)));
    }

    /** A line without its trackingId, which every run makes anew: the rest must be the same in every run. */
    static String withoutTrackingId(String line) throws Exception {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) TestApp.JSON.readTree(line);
        node.remove("trackingId");
        return node.toString();
    }

    @Test
    void an_http_export_cut_off_is_finished_by_the_command_with_after_the_last_contact_received() throws Exception {
        String account = account();
        for (int i = 0; i < 6; i++) contact(account, i % 2 == 0 ? "it" : "finance", "consideration", i % 2 == 0 ? "en" : "de");
        Response whole = app.contacts("GET", "/api/v1/recommendations/export?account=" + account + "&limit=2", null);
        assertEquals(200, whole.status(), whole.text());
        List<String> expected = new ArrayList<>();
        for (String line : whole.text().split("\n")) if (!line.isBlank()) expected.add(withoutTrackingId(line));
        assertEquals(6, expected.size());

        // the mailing tool got two answers over HTTP, then the connection broke: the command line finishes the mailing
        Response portion = app.contacts("GET", "/api/v1/recommendations/export?account=" + account + "&limit=2&max=2", null);
        List<String> received = new ArrayList<>();
        for (String line : portion.text().split("\n")) if (!line.isBlank()) received.add(withoutTrackingId(line));
        String last = TestApp.JSON.readTree(received.get(1)).get("contactId").asText();
        Run rest = batch("--account", account, "--limit", "2", "--after", last);
        assertEquals(0, rest.code(), rest.err());
        assertTrue(rest.err().contains("done: 4 read, 4 answers written"), rest.err());
        for (String line : rest.out().split("\n")) if (!line.isBlank()) received.add(withoutTrackingId(line));
        assertEquals(expected, received, "every contact once, in the same order, with the same answer");

        Path out = dir.resolve("after.jsonl");
        Run stopped = batch("--account", account, "--limit", "2", "--after", last, "--max", "1", "--output", out.toString());
        assertEquals(0, stopped.code(), stopped.err());
        String next = onceEach(jsonLines(out)).get(0);
        assertTrue(stopped.err().contains("continue with --resume (or --after " + next + ")"), stopped.err());
    }

    @Test
    void after_is_refused_with_a_file_of_contacts_with_resume_and_when_blank() throws Exception {
        Path in = Files.writeString(dir.resolve("contacts.jsonl"), "{\"id\": \"f-1\", \"role\": \"it\", \"phase\": \"awareness\"}\n");
        Run file = batch("--input", in.toString(), "--after", "f-1");
        assertEquals(Cli.USAGE, file.code());
        assertTrue(file.err().contains("--after continues after a stored contact id"), file.err());
        Run both = batch("--account", "x", "--output", dir.resolve("o.jsonl").toString(), "--resume", "--after", "c-1");
        assertEquals(Cli.USAGE, both.code());
        assertTrue(both.err().contains("either --resume"), both.err());
        Run blank = batch("--account", "x", "--after", " ");
        assertEquals(Cli.USAGE, blank.code());
        assertTrue(blank.err().contains("--after must be a contact id"), blank.err());
    }

    @Test
    void wrong_usage_is_exit_code_2_with_the_option_named() throws Exception {
        Run phase = batch("--phase", "considerashun", "--role", "ceo2", "--not-consumed", "wp-roi-calculatoin");
        assertEquals(Cli.USAGE, phase.code());
        assertTrue(phase.err().contains("--phase: unknown phase 'considerashun'; did you mean 'consideration'?"), phase.err());
        assertTrue(phase.err().contains("--role: unknown role 'ceo2'"), phase.err());
        assertTrue(phase.err().contains("--not-consumed: unknown catalog item 'wp-roi-calculatoin'; did you mean 'wp-roi-calculation'?"),
                phase.err());
        Run both = batch("--input", "nothing.jsonl", "--role", "it");
        assertEquals(Cli.USAGE, both.code());
        assertTrue(both.err().contains("a file's contacts are all used"), both.err());
        Run limit = batch("--limit", "0");
        assertEquals(Cli.USAGE, limit.code());
        assertTrue(limit.err().contains("--limit must be from 1 to 50"), limit.err());
        Run resume = batch("--resume");
        assertEquals(Cli.USAGE, resume.code());
        assertTrue(resume.err().contains("--resume needs the checkpoint"), resume.err());
        Path csv = Files.writeString(dir.resolve("bad.csv"), "id,role,stage\nx,it,awareness\n");
        Run header = batch("--input", csv.toString());
        assertEquals(Cli.USAGE, header.code());
        assertTrue(header.err().contains("unknown column 'stage'"), header.err());
    }
}
