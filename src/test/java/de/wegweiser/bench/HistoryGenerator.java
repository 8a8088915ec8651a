package de.wegweiser.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a realistic event history into a running service over its API, as a CMS would: stored
 * contacts of every role, each asking for recommendations over the last 60 days, seeing the
 * answer's items (impressions with the answer's trackingId), clicking some, reading or downloading
 * what it clicked, now and then submitting a form; and anonymous visitors whose impressions and
 * clicks arrive as feedback. The journey rules move the contacts on as they read. Deterministic
 * for a seed (up to the answers, which follow the live rules).
 *
 * <p>{@code HistoryGenerator <base-url> <api-key> [contacts=200] [seed=12]}
 */
public final class HistoryGenerator {

    static final String[] ROLES = {"managing-director", "head-of-sales", "production", "it", "purchasing", "finance", "marketing"};
    static final String[] CHANNELS = {"website", "website", "website", "email", "email", "social", "trade-fair"};
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String key;

    HistoryGenerator(String base, String key) {
        this.base = base.replaceAll("/$", "");
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: HistoryGenerator <base-url> <api-key> [contacts=200] [seed=12]");
            System.exit(2);
        }
        int contacts = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 12;
        long events = new HistoryGenerator(args[0], args[1]).generate(contacts, new Random(seed), Instant.now());
        System.out.printf("wrote %d contacts with %d events and anonymous feedback to %s%n", contacts, events, args[0]);
    }

    /**
     * Writes the history of {@code contacts} stored contacts (and half as many anonymous visitors)
     * for tests that need one; {@code now} is the service's clock, so nothing lies in its future.
     *
     * @return how many events were sent
     */
    public static long write(String base, String key, int contacts, long seed, Instant now) throws Exception {
        return new HistoryGenerator(base, key).generate(contacts, new Random(seed), now);
    }

    long generate(int contacts, Random random, Instant now) throws Exception {
        long events = 0;
        Instant start = now.minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.HOURS);
        for (int c = 0; c < contacts; c++) {
            String id = "generated-%04d".formatted(c);
            ObjectNode profile = JSON.createObjectNode().put("role", ROLES[random.nextInt(ROLES.length)])
                    .put("language", random.nextInt(10) < 6 ? "de" : "en");
            if (random.nextInt(3) == 0) profile.put("account", "account-%02d".formatted(random.nextInt(20)));
            send("PUT", "/api/v1/contacts/" + id, profile.toString());
            Instant at = start.plus(Duration.ofHours(random.nextInt(24 * 30)));
            int visits = 1 + random.nextInt(6);
            String channel = CHANNELS[random.nextInt(CHANNELS.length)];
            for (int v = 0; v < visits && at.isBefore(now.minus(Duration.ofHours(1))); v++) {
                JsonNode answer = send("GET", "/api/v1/contacts/" + id + "/recommendations", null);
                String tracking = answer.get("trackingId").asText();
                ArrayNode batch = JSON.createArrayNode();
                int e = 0;
                for (JsonNode item : answer.get("recommendations")) {
                    String itemId = item.get("id").asText();
                    batch.add(event(id + "-" + v + "-" + e++, "recommendation-impression", at, itemId, channel, tracking));
                    if (random.nextInt(4) == 0) {
                        Instant click = at.plus(Duration.ofMinutes(1 + random.nextInt(30)));
                        batch.add(event(id + "-" + v + "-" + e++, "recommendation-click", click, itemId, channel, tracking));
                        String format = item.path("format").asText();
                        boolean download = List.of("whitepaper", "e-book", "study", "checklist", "datasheet").contains(format);
                        batch.add(event(id + "-" + v + "-" + e++, download ? "download" : "content-view", click.plusSeconds(30), itemId,
                                channel, null));
                        if (item.path("gated").asBoolean(false) || random.nextInt(8) == 0) {
                            batch.add(event(id + "-" + v + "-" + e++, "form-submit", click.plusSeconds(60), itemId, channel, null));
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    ObjectNode body = JSON.createObjectNode();
                    body.set("events", batch);
                    send("POST", "/api/v1/contacts/" + id + "/events", body.toString());
                    events += batch.size();
                }
                at = at.plus(Duration.ofHours(12 + random.nextInt(24 * 6)));
                if (random.nextInt(3) == 0) channel = CHANNELS[random.nextInt(CHANNELS.length)];
            }
        }
        anonymous(contacts / 2, random, start, now);
        return events;
    }

    /** Visitors without a stored profile: their impressions and clicks come back as anonymous feedback. */
    private void anonymous(int visitors, Random random, Instant start, Instant now) throws Exception {
        String[] phases = {"non-awareness", "awareness", "favorability", "consideration", "intent-to-purchase"};
        for (int i = 0; i < visitors; i++) {
            ObjectNode contact = JSON.createObjectNode().put("id", "visitor").put("role", ROLES[random.nextInt(ROLES.length)])
                    .put("phase", phases[random.nextInt(phases.length)]).put("language", random.nextInt(10) < 6 ? "de" : "en");
            ObjectNode request = JSON.createObjectNode();
            request.set("contact", contact);
            JsonNode answer = send("POST", "/api/v1/recommendations", request.toString());
            Instant at = start.plus(Duration.ofMinutes(random.nextInt((int) Duration.between(start, now).toMinutes() - 60)));
            ArrayNode feedback = JSON.createArrayNode();
            for (JsonNode item : answer.get("recommendations")) {
                feedback.add(JSON.createObjectNode().put("trackingId", answer.get("trackingId").asText())
                        .put("type", "recommendation-impression").put("itemId", item.get("id").asText()).put("at", at.toString())
                        .put("channel", "website"));
                if (random.nextInt(5) == 0) {
                    feedback.add(JSON.createObjectNode().put("trackingId", answer.get("trackingId").asText())
                            .put("type", "recommendation-click").put("itemId", item.get("id").asText())
                            .put("at", at.plusSeconds(40).toString()).put("channel", "website"));
                }
            }
            ObjectNode body = JSON.createObjectNode();
            body.set("feedback", feedback);
            if (!feedback.isEmpty()) send("POST", "/api/v1/feedback", body.toString());
        }
    }

    private static ObjectNode event(String id, String type, Instant at, String item, String channel, String trackingId) {
        ObjectNode e = JSON.createObjectNode().put("id", id).put("type", type).put("at", at.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("itemId", item).put("channel", channel);
        if (trackingId != null) e.put("trackingId", trackingId);
        return e;
    }

    private JsonNode send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }
}
