package de.wegweiser.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * "Live within 2 s of saving", end to end, as a marketer sees it: a running service watches its
 * rules and catalog directories (a CMS keeps it busy, see bench/reload-live.sh); this client saves a
 * changed file the way an editor does and asks the service until it answers with the new version.
 * The first change comes right after the service is ready, so the cold first reload is measured.
 *
 * <p>{@code ReloadLiveBench <base url> <rules dir> <catalog dir> <rounds> <one request body>}
 */
public final class ReloadLiveBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    /** A file a marketer edits, and which version in the answers tells that the edit is live. */
    private record Change(String name, Path file, String versionField, boolean viaRecommendation,
                          BiFunction<String, Integer, String> edit) {}

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String body;

    private ReloadLiveBench(String base, String body) {
        this.base = base;
        this.body = body;
    }

    public static void main(String[] args) throws Exception {
        Path rules = Path.of(args[1]);
        Path catalog = Path.of(args[2]);
        int rounds = Integer.parseInt(args[3]);
        ReloadLiveBench bench = new ReloadLiveBench(args[0], Files.readAllLines(Path.of(args[4])).get(0));
        List<Change> changes = List.of(
                new Change("rule file (points)", rules.resolve("hygiene.drl"), "rulesVersion", true,
                        (text, round) -> text.replace("recommend($item, 2,", "recommend($item, " + (2 + round % 2) + ",")),
                new Change("journey settings", rules.resolve("journey/settings.drl"), "journeyRulesVersion", false,
                        (text, round) -> text + "// saved again " + round + "\n"),
                new Change("catalog file (title)", catalog.resolve("generated/blog-post.yaml"), "catalogVersion", true,
                        (text, round) -> text.replaceFirst("title: \"", "title: \"Changed " + round + " ")),
                new Change("account settings", rules.resolve("account/settings.drl"), "accountRulesVersion", false,
                        (text, round) -> text + "// saved again " + round + "\n"));
        Map<Path, String> originals = new LinkedHashMap<>();
        for (Change change : changes) originals.put(change.file(), Files.readString(change.file()));
        Map<String, List<Long>> times = new LinkedHashMap<>();
        int failures = 0;
        for (int round = 1; round <= rounds; round++) {
            for (Change change : changes) {
                long ms = bench.measure(change, change.edit().apply(originals.get(change.file()), round));
                if (ms < 0) failures++;
                times.computeIfAbsent(change.name(), k -> new ArrayList<>()).add(ms);
                System.out.printf(Locale.ROOT, "round %d, %s: %s%n", round, change.name(), ms < 0 ? "NOT LIVE within 60 s" : ms + " ms");
                Thread.sleep(1500); // apart from the next save by more than the watcher's debounce
            }
        }
        for (var e : times.entrySet()) {
            List<Long> ok = e.getValue().stream().filter(ms -> ms >= 0).sorted().toList();
            if (ok.isEmpty()) continue;
            System.out.printf(Locale.ROOT, "RESULT %s: first %d ms, median %d ms, max %d ms over %d changes%n", e.getKey(),
                    e.getValue().get(0), ok.get(ok.size() / 2), ok.get(ok.size() - 1), ok.size());
        }
        System.out.printf("RESULT changes not live within 60 s: %d%n", failures);
    }

    /** Saves the edited file and returns the milliseconds until an answer carries the new version, or -1. */
    private long measure(Change change, String edited) throws Exception {
        String before = version(change);
        long saved = System.nanoTime();
        Files.writeString(change.file(), edited);
        while (System.nanoTime() - saved < GIVE_UP.toNanos()) {
            String now = version(change);
            if (now != null && !now.equals(before)) return (System.nanoTime() - saved) / 1_000_000;
            Thread.sleep(20);
        }
        return -1;
    }

    private String version(Change change) throws Exception {
        HttpRequest request = change.viaRecommendation()
                ? HttpRequest.newBuilder(URI.create(base + "/api/v1/recommendations")).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()
                : HttpRequest.newBuilder(URI.create(base + "/api/v1/health")).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            System.out.println("  (asking failed: " + e + "; asking again)");
            return null;
        }
        if (response.statusCode() != 200) return null;
        JsonNode answer = JSON.readTree(response.body());
        return answer.path(change.versionField()).asText(null);
    }
}
