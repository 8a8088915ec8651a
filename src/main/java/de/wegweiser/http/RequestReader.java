package de.wegweiser.http;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Event;
import de.wegweiser.domain.EventType;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import de.wegweiser.insights.InsightService;
import de.wegweiser.insights.Tracker;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads request JSON strictly and collects every field error at once: wrong types, unknown
 * fields, unknown taxonomy terms, event types and catalog items, each with the accepted values or
 * the nearest known one.
 */
final class RequestReader {

    static final int DEFAULT_LIMIT = 5;
    static final int MAX_LIMIT = 50;
    static final String DEFAULT_LANGUAGE = "de";
    /** Longest id, account, industry or item id: names, not documents. */
    static final int MAX_NAME_LENGTH = 200;

    private static final List<String> BODY_FIELDS = List.of("contact", "limit");
    private static final List<String> EXPLAIN_FIELDS = List.of("contact", "contactId", "itemId", "limit", "whyNot");
    static final List<String> CONTACT_FIELDS = List.of("id", "role", "phase", "concerns", "language",
            "consumed", "account", "industry", "topics", "lifecycle", "existingCustomer");
    private static final List<String> PROFILE_FIELDS = List.of("id", "role", "concerns", "topics", "language", "account",
            "industry", "existingCustomer", "phase", "lifecycle");
    private static final List<String> EVENT_FIELDS = List.of("id", "type", "at", "itemId", "channel", "trackingId");

    private final Taxonomy taxonomy;
    private final List<FieldError> errors = new ArrayList<>();

    RequestReader(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    /** A recommendation request: the contact and the limit. */
    record RecommendationQuery(Contact contact, int limit) {}

    RecommendationQuery recommendationQuery(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(List.of(new FieldError("$", "the body must be a JSON object with 'contact' and optional 'limit'")));
        }
        unknownFields(body, BODY_FIELDS, "");
        int limit = limit(body.get("limit"));
        Contact contact = contact(body.get("contact"));
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        return new RecommendationQuery(contact, limit);
    }

    /** An explain request: the contact, the item in question and the limit that defines "recommended". */
    /**
     * @param contact   the contact sent along; null when {@code contactId} names a stored one
     * @param contactId a stored contact, explained as its own answer ranks it (its account included); null with {@code contact}
     */
    record ExplainQuery(Contact contact, String contactId, String itemId, int limit, boolean whyNot) {}

    ExplainQuery explainQuery(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(List.of(new FieldError("$",
                    "the body must be a JSON object with 'contact' (or a stored contact's 'contactId'), 'itemId' and optional 'limit'")));
        }
        unknownFields(body, EXPLAIN_FIELDS, "");
        int limit = limit(body.get("limit"));
        JsonNode id = body.get("itemId");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            errors.add(new FieldError("itemId", "missing; the id of the catalog item to explain, e.g. \"wp-roi-calculation\""));
        }
        Contact contact = null;
        String contactId = null;
        if (absent(body, "contactId")) {
            contact = contact(body.get("contact"));
        } else if (!absent(body, "contact")) {
            errors.add(new FieldError("contactId", "give either a contact ('contact') or a stored contact's id ('contactId'), not both"));
        } else {
            contactId = name(body, "", "contactId", true, MAX_NAME_LENGTH);
        }
        boolean whyNot = bool(body, "", "whyNot");
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        return new ExplainQuery(contact, contactId, id.asText().strip(), limit, whyNot);
    }

    /** {@code PUT /api/v1/contacts/{id}}: the profile, and a phase and status if the CMS sets them. */
    record ProfileUpdate(ContactProfile profile, JourneyPhase phase, LifecycleStatus lifecycle) {}

    ProfileUpdate profile(String id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(List.of(new FieldError("$", "the body must be a JSON object with at least 'role'")));
        }
        unknownFields(body, PROFILE_FIELDS, "");
        String sentId = text(body, "", "id", false);
        if (sentId != null && !sentId.equals(id)) {
            errors.add(new FieldError("id", "'%s' differs from the id in the path, '%s'; leave it out".formatted(sentId, id)));
        }
        String role = term(body, "", "role", TermKind.ROLE, true);
        Set<String> concerns = strings(body, "", "concerns", TermKind.CONCERN);
        Set<String> topics = strings(body, "", "topics", TermKind.TOPIC);
        String language = term(body, "", "language", TermKind.LANGUAGE, false);
        String account = name(body, "", "account", false, MAX_NAME_LENGTH);
        String industry = name(body, "", "industry", false, MAX_NAME_LENGTH);
        boolean existingCustomer = bool(body, "", "existingCustomer");
        JourneyPhase phase = phase(body, "", false);
        LifecycleStatus lifecycle = lifecycle(body, "");
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        return new ProfileUpdate(new ContactProfile(id, role, concerns, topics, language == null ? DEFAULT_LANGUAGE : language,
                account, industry, existingCustomer), phase, lifecycle);
    }

    /**
     * {@code POST /api/v1/contacts/{id}/events}: one event object, or {@code {"events": [...]}}.
     * Field paths name the event: {@code type} for a single event, {@code events[2].type} in a batch.
     * Nothing is accepted unless every event is valid.
     *
     * @param now the server's time: events may lie at most {@code futureTolerance} after it
     */
    Events events(JsonNode body, Catalog catalog, Instant now, int maxBatch, Duration futureTolerance, Instant earliest) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(List.of(new FieldError("$",
                    "the body must be one event object, or {\"events\": [...]} with up to %d events".formatted(maxBatch))));
        }
        if (!body.has("events")) {
            Event event = event(body, "", catalog, now, futureTolerance, earliest);
            if (!errors.isEmpty()) throw ApiException.badRequest(errors);
            return new Events(List.of(event), false);
        }
        unknownFields(body, List.of("events"), "");
        JsonNode array = body.get("events");
        if (!array.isArray() || array.isEmpty()) {
            errors.add(new FieldError("events", "must be an array of 1 to %d events; got %s".formatted(maxBatch, array)));
        } else if (array.size() > maxBatch) {
            errors.add(new FieldError("events", "at most %d events per request; got %d: split the batch".formatted(maxBatch, array.size())));
        }
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) events.add(event(array.get(i), "events[" + i + "].", catalog, now, futureTolerance, earliest));
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        return new Events(events, true);
    }

    private static final List<String> FEEDBACK_FIELDS = List.of("trackingId", "type", "itemId", "at", "channel");
    private static final List<String> FEEDBACK_TYPES = List.of(EventType.RECOMMENDATION_IMPRESSION.id(), EventType.RECOMMENDATION_CLICK.id());

    /**
     * {@code POST /api/v1/feedback}: one impression or click of an anonymous answer, or
     * {@code {"feedback": [...]}}; {@code at} defaults to now. Field paths name the entry like events do.
     */
    List<InsightService.Feedback> feedback(JsonNode body, Instant now, int max, Duration futureTolerance, Instant earliest) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(List.of(new FieldError("$",
                    "the body must be one object with trackingId, type and itemId, or {\"feedback\": [...]} with up to %d".formatted(max))));
        }
        List<JsonNode> entries = new ArrayList<>();
        String prefix = "";
        if (body.has("feedback")) {
            unknownFields(body, List.of("feedback"), "");
            JsonNode array = body.get("feedback");
            if (!array.isArray() || array.isEmpty() || array.size() > max) {
                throw ApiException.badRequest(List.of(new FieldError("feedback", "must be an array of 1 to %d entries".formatted(max))));
            }
            array.forEach(entries::add);
            prefix = "feedback[%d].";
        } else {
            entries.add(body);
        }
        List<InsightService.Feedback> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = prefix.isEmpty() ? "" : prefix.formatted(i);
            JsonNode node = entries.get(i);
            if (!node.isObject()) {
                errors.add(new FieldError(at.isEmpty() ? "$" : at.substring(0, at.length() - 1), "must be an object; got " + node));
                continue;
            }
            unknownFields(node, FEEDBACK_FIELDS, at);
            String trackingId = text(node, at, "trackingId", true);
            if (trackingId != null && !Tracker.ID.matcher(trackingId).matches()) {
                errors.add(new FieldError(at + "trackingId", "must be the trackingId of a recommendation answer (32 hex digits)"));
            }
            EventType type = eventType(node, at);
            if (type != null && !FEEDBACK_TYPES.contains(type.id())) {
                errors.add(new FieldError(at + "type", "must be %s; got '%s'".formatted(String.join(" or ", FEEDBACK_TYPES), type.id()),
                        FEEDBACK_TYPES));
            }
            String itemId = name(node, at, "itemId", true, MAX_NAME_LENGTH);
            Instant time = absent(node, "at") ? now : time(node, at, now, futureTolerance, earliest);
            String channel = name(node, at, "channel", false, 100);
            out.add(new InsightService.Feedback(trackingId, type, itemId, time, channel));
        }
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        return out;
    }

    /** @param batch whether the request was a batch, which decides how field paths are written */
    record Events(List<Event> events, boolean batch) {
        String path(int index, String field) {
            return batch ? "events[%d].%s".formatted(index, field) : field;
        }
    }

    private Event event(JsonNode node, String at, Catalog catalog, Instant now, Duration futureTolerance, Instant earliest) {
        if (!node.isObject()) {
            errors.add(new FieldError(at.isEmpty() ? "$" : at.substring(0, at.length() - 1), "must be an event object; got " + node));
            return null;
        }
        unknownFields(node, EVENT_FIELDS, at);
        String id = name(node, at, "id", true, MAX_NAME_LENGTH);
        EventType type = eventType(node, at);
        Instant time = time(node, at, now, futureTolerance, earliest);
        String itemId = name(node, at, "itemId", false, MAX_NAME_LENGTH);
        if (itemId != null && !catalog.contains(itemId)) {
            String hint = Taxonomy.nearest(itemId, catalog.items().stream().map(ContentItem::id).toList())
                    .map(n -> "did you mean '%s'?".formatted(n)).orElse("see GET /api/v1/catalog");
            errors.add(new FieldError(at + "itemId", "unknown catalog item '%s'; %s".formatted(itemId, hint)));
        } else if (itemId == null && type != null && type.needsItem() && absent(node, "itemId")) { // else reported as malformed
            errors.add(new FieldError(at + "itemId", "missing; a %s is about a catalog item: send its id".formatted(type.id())));
        }
        String channel = name(node, at, "channel", false, 100);
        String trackingId = trackingId(node, at, type);
        return new Event(id, type, time, itemId, channel, trackingId);
    }

    /** The answer an impression or click reports on: the {@code trackingId} of a recommendation answer. */
    private String trackingId(JsonNode node, String at, EventType type) {
        String value = text(node, at, "trackingId", false);
        if (value == null) return null;
        if (!Tracker.ID.matcher(value).matches()) {
            errors.add(new FieldError(at + "trackingId", "must be the trackingId of a recommendation answer (32 hex digits); got '%s'"
                    .formatted(value.length() > 40 ? value.substring(0, 40) + "..." : value)));
            return null;
        }
        if (type != null && type != EventType.RECOMMENDATION_IMPRESSION && type != EventType.RECOMMENDATION_CLICK) {
            errors.add(new FieldError(at + "trackingId", "only a recommendation-impression or recommendation-click reports on an answer; "
                    + "leave trackingId out of a " + type.id()));
            return null;
        }
        return value;
    }

    private EventType eventType(JsonNode node, String at) {
        String value = text(node, at, "type", true);
        if (value == null) return null;
        return EventType.parse(value).orElseGet(() -> {
            errors.add(new FieldError(at + "type", Taxonomy.unknownMessage("event type", value, EventType.ids()), EventType.ids()));
            return null;
        });
    }

    private Instant time(JsonNode node, String at, Instant now, Duration futureTolerance, Instant earliest) {
        String value = text(node, at, "at", true);
        if (value == null) return null;
        Instant time;
        try {
            time = OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(at + "at", "'%s' is not a time; write ISO 8601 with an offset, e.g. 2026-11-23T09:30:00Z".formatted(value)));
            return null;
        }
        if (time.isAfter(now.plus(futureTolerance))) {
            errors.add(new FieldError(at + "at", "%s lies %s after the server's time %s; events may be at most %d minutes ahead (%s)"
                    .formatted(value, ahead(Duration.between(now, time)), now, futureTolerance.toMinutes(), window(earliest, futureTolerance))));
            return null;
        }
        if (time.isBefore(earliest)) {
            errors.add(new FieldError(at + "at", "%s lies before %s; %s".formatted(value, earliest, window(earliest, futureTolerance))));
            return null;
        }
        return time;
    }

    private static String window(Instant earliest, Duration futureTolerance) {
        return "events lie from %s to %d minutes after the server's time".formatted(earliest, futureTolerance.toMinutes());
    }

    private static String ahead(Duration d) {
        if (d.toDays() > 0) return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        if (d.toHours() > 0) return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        return d.toMinutes() + " minutes";
    }

    /** The {@code limit} query parameter: 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}. */
    static int limitParameter(String text) {
        if (text == null || text.isBlank()) return DEFAULT_LIMIT;
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) return limit;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest(List.of(new FieldError("limit",
                "must be a whole number from 1 to %d (default %d); got %s".formatted(MAX_LIMIT, DEFAULT_LIMIT, text))));
    }

    private int limit(JsonNode node) {
        if (node == null || node.isNull()) return DEFAULT_LIMIT;
        // canConvertToInt: 2^64 + 1 must not wrap around to 1
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be a whole number from 1 to %d (default %d); got %s"
                    .formatted(MAX_LIMIT, DEFAULT_LIMIT, node)));
            return DEFAULT_LIMIT;
        }
        return node.intValue();
    }

    private Contact contact(JsonNode node) {
        return contact(node, "contact");
    }

    /**
     * One contact of a mailing file: the fields of a request's {@code contact}, named without the
     * {@code contact.} prefix; null when it is invalid (then {@link #errors()} says why).
     */
    Contact contactLine(JsonNode node) {
        return contact(node, "");
    }

    List<FieldError> errors() { return List.copyOf(errors); }

    /** @param name the contact's field name in the body, or "" when the contact is the whole document */
    private Contact contact(JsonNode node, String name) {
        String self = name.isEmpty() ? "$" : name;
        if (node == null || node.isNull()) {
            errors.add(new FieldError(self, "missing; send the contact with at least id, role and phase"));
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(self, "must be an object with at least id, role and phase"));
            return null;
        }
        String at = name.isEmpty() ? "" : name + ".";
        unknownFields(node, CONTACT_FIELDS, at);
        String id = name(node, at, "id", true, MAX_NAME_LENGTH);
        String role = term(node, at, "role", TermKind.ROLE, true);
        JourneyPhase phase = phase(node, at, true);
        String language = term(node, at, "language", TermKind.LANGUAGE, false);
        Set<String> concerns = strings(node, at, "concerns", TermKind.CONCERN);
        Set<String> topics = strings(node, at, "topics", TermKind.TOPIC);
        Set<String> consumed = strings(node, at, "consumed", null);
        String account = name(node, at, "account", false, MAX_NAME_LENGTH);
        String industry = name(node, at, "industry", false, MAX_NAME_LENGTH);
        LifecycleStatus lifecycle = lifecycle(node, at);
        boolean existingCustomer = bool(node, at, "existingCustomer");
        if (!errors.isEmpty()) return null;
        return new Contact(id, role, concerns, phase, language == null ? DEFAULT_LANGUAGE : language, consumed,
                account, industry, topics, lifecycle, existingCustomer);
    }

    private void unknownFields(JsonNode node, List<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (known.contains(name)) continue;
            if (name.length() > MAX_NAME_LENGTH) { // neither echoed nor compared with the known names: that costs length squared
                String shortened = name.substring(0, 20) + "...";
                errors.add(new FieldError(prefix + shortened, "unknown field with a name of %d characters; known: %s"
                        .formatted(name.length(), String.join(", ", known)), known));
            } else {
                errors.add(new FieldError(prefix + name, Taxonomy.unknownMessage("field", name, known), known));
            }
        }
    }

    // Field readers: `at` is the path of the object the field is in ("contact.", "events[2]." or "").

    private String text(JsonNode object, String at, String field, boolean required) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            if (required) errors.add(new FieldError(at + field, "missing; must be a non-empty string"));
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            errors.add(new FieldError(at + field, "must be a non-empty string; got " + node));
            return null;
        }
        return node.asText().strip();
    }

    /**
     * A text of at most {@code max} characters, without control characters and valid Unicode (a
     * JSON escape can name half of a surrogate pair, which no character set can write), such as an
     * id or a name.
     */
    private String name(JsonNode object, String at, String field, boolean required, int max) {
        String value = text(object, at, field, required);
        if (value != null && (value.length() > max || value.chars().anyMatch(Character::isISOControl)
                || value.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE))) {
            errors.add(new FieldError(at + field, "must be at most %d characters of valid Unicode without control characters; got %d characters"
                    .formatted(max, value.length())));
            return null;
        }
        return value;
    }

    private static boolean absent(JsonNode object, String field) {
        JsonNode node = object.get(field);
        return node == null || node.isNull();
    }

    private String term(JsonNode object, String at, String field, TermKind kind, boolean required) {
        String value = text(object, at, field, required);
        if (value == null) return null;
        if (!taxonomy.knows(kind, value)) {
            errors.add(new FieldError(at + field, taxonomy.unknownTermMessage(kind, value), taxonomy.ids(kind)));
            return null;
        }
        return value;
    }

    private JourneyPhase phase(JsonNode object, String at, boolean required) {
        String value = text(object, at, "phase", required);
        if (value == null) return null;
        return JourneyPhase.parse(value).orElseGet(() -> {
            errors.add(new FieldError(at + "phase",
                    JourneyPhase.unknownMessage(value), JourneyPhase.ids()));
            return null;
        });
    }

    private LifecycleStatus lifecycle(JsonNode object, String at) {
        String value = text(object, at, "lifecycle", false);
        if (value == null) return null;
        return LifecycleStatus.parse(value).orElseGet(() -> {
            errors.add(new FieldError(at + "lifecycle",
                    Taxonomy.unknownMessage("lifecycle status", value, LifecycleStatus.ids()), LifecycleStatus.ids()));
            return null;
        });
    }

    private boolean bool(JsonNode object, String at, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) return false;
        if (!node.isBoolean()) {
            errors.add(new FieldError(at + field, "must be true or false; got " + node));
            return false;
        }
        return node.asBoolean();
    }

    /** The array's strings; with a kind, each must be a known term of that kind. Errors name the array index. */
    private Set<String> strings(JsonNode object, String at, String field, TermKind kind) {
        JsonNode node = object.get(field);
        Set<String> values = new LinkedHashSet<>();
        if (node == null || node.isNull()) return values;
        if (!node.isArray()) {
            errors.add(new FieldError(at + field, "must be an array of strings; got " + node));
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String path = at + field + "[" + i + "]";
            if (!element.isTextual() || element.asText().isBlank()) {
                errors.add(new FieldError(path, "must be a non-empty string; got " + element));
            } else if (kind != null && !taxonomy.knows(kind, element.asText().strip())) {
                errors.add(new FieldError(path, taxonomy.unknownTermMessage(kind, element.asText().strip()), taxonomy.ids(kind)));
            } else {
                values.add(element.asText().strip());
            }
        }
        return values;
    }
}
