package de.wegweiser.http;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads request JSON strictly and collects every field error at once: wrong types, unknown
 * fields and unknown taxonomy terms, each with the accepted values or the nearest known one.
 */
final class RequestReader {

    static final int DEFAULT_LIMIT = 5;
    static final int MAX_LIMIT = 50;
    static final String DEFAULT_LANGUAGE = "de";

    private static final List<String> BODY_FIELDS = List.of("contact", "limit");
    private static final List<String> EXPLAIN_FIELDS = List.of("contact", "itemId", "limit");
    private static final List<String> CONTACT_FIELDS = List.of("id", "role", "phase", "concerns", "language",
            "consumed", "account", "industry", "topics", "lifecycle", "existingCustomer");

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
    record ExplainQuery(Contact contact, String itemId, int limit) {}

    ExplainQuery explainQuery(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(List.of(new FieldError("$", "the body must be a JSON object with 'contact', 'itemId' and optional 'limit'")));
        }
        unknownFields(body, EXPLAIN_FIELDS, "");
        int limit = limit(body.get("limit"));
        JsonNode id = body.get("itemId");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            errors.add(new FieldError("itemId", "missing; the id of the catalog item to explain, e.g. \"wp-roi-calculation\""));
        }
        Contact contact = contact(body.get("contact"));
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        return new ExplainQuery(contact, id.asText().strip(), limit);
    }

    private int limit(JsonNode node) {
        if (node == null || node.isNull()) return DEFAULT_LIMIT;
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be a whole number from 1 to %d (default %d); got %s"
                    .formatted(MAX_LIMIT, DEFAULT_LIMIT, node)));
            return DEFAULT_LIMIT;
        }
        return node.asInt();
    }

    private Contact contact(JsonNode node) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("contact", "missing; send the contact with at least id, role and phase"));
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("contact", "must be an object with at least id, role and phase"));
            return null;
        }
        unknownFields(node, CONTACT_FIELDS, "contact.");
        String id = text(node, "id", true);
        String role = term(node, "role", TermKind.ROLE, true);
        JourneyPhase phase = phase(node);
        String language = term(node, "language", TermKind.LANGUAGE, false);
        Set<String> concerns = strings(node, "concerns", TermKind.CONCERN);
        Set<String> topics = strings(node, "topics", TermKind.TOPIC);
        Set<String> consumed = strings(node, "consumed");
        String account = text(node, "account", false);
        String industry = text(node, "industry", false);
        LifecycleStatus lifecycle = lifecycle(node);
        boolean existingCustomer = bool(node, "existingCustomer");
        if (!errors.isEmpty()) return null;
        return new Contact(id, role, concerns, phase, language == null ? DEFAULT_LANGUAGE : language, consumed,
                account, industry, topics, lifecycle, existingCustomer);
    }

    private void unknownFields(JsonNode node, List<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(new FieldError(prefix + name, Taxonomy.unknownMessage("field", name, known), known));
            }
        }
    }

    private String text(JsonNode contact, String field, boolean required) {
        JsonNode node = contact.get(field);
        if (node == null || node.isNull()) {
            if (required) errors.add(new FieldError("contact." + field, "missing; must be a non-empty string"));
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            errors.add(new FieldError("contact." + field, "must be a non-empty string; got " + node));
            return null;
        }
        return node.asText().strip();
    }

    private String term(JsonNode contact, String field, TermKind kind, boolean required) {
        String value = text(contact, field, required);
        if (value == null) return null;
        if (!taxonomy.knows(kind, value)) {
            errors.add(new FieldError("contact." + field, taxonomy.unknownTermMessage(kind, value), taxonomy.ids(kind)));
            return null;
        }
        return value;
    }

    private JourneyPhase phase(JsonNode contact) {
        String value = text(contact, "phase", true);
        if (value == null) return null;
        return JourneyPhase.parse(value).orElseGet(() -> {
            errors.add(new FieldError("contact.phase",
                    Taxonomy.unknownMessage("phase", value, JourneyPhase.aliases().keySet()), JourneyPhase.ids()));
            return null;
        });
    }

    private LifecycleStatus lifecycle(JsonNode contact) {
        String value = text(contact, "lifecycle", false);
        if (value == null) return null;
        return LifecycleStatus.parse(value).orElseGet(() -> {
            errors.add(new FieldError("contact.lifecycle",
                    Taxonomy.unknownMessage("lifecycle status", value, LifecycleStatus.ids()), LifecycleStatus.ids()));
            return null;
        });
    }

    private boolean bool(JsonNode contact, String field) {
        JsonNode node = contact.get(field);
        if (node == null || node.isNull()) return false;
        if (!node.isBoolean()) {
            errors.add(new FieldError("contact." + field, "must be true or false; got " + node));
            return false;
        }
        return node.asBoolean();
    }

    private Set<String> strings(JsonNode contact, String field) {
        return strings(contact, field, null);
    }

    /** The array's strings; with a kind, each must be a known term of that kind. Errors name the array index. */
    private Set<String> strings(JsonNode contact, String field, TermKind kind) {
        JsonNode node = contact.get(field);
        Set<String> values = new LinkedHashSet<>();
        if (node == null || node.isNull()) return values;
        if (!node.isArray()) {
            errors.add(new FieldError("contact." + field, "must be an array of strings; got " + node));
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String path = "contact.%s[%d]".formatted(field, i);
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
