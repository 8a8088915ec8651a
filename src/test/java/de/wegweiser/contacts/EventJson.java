package de.wegweiser.contacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.wegweiser.TestApp;
import java.util.ArrayList;
import java.util.List;

/** Request bodies of the contact API, written the way a CMS would. */
final class EventJson {

    private EventJson() {}

    static String event(String id, String type, String at, String itemId) {
        return node(id, type, at, itemId).toString();
    }

    static ObjectNode node(String id, String type, String at, String itemId) {
        ObjectNode event = TestApp.JSON.createObjectNode().put("id", id).put("type", type).put("at", at);
        if (itemId != null) event.put("itemId", itemId);
        return event;
    }

    static String batch(List<? extends JsonNode> events) {
        ObjectNode body = TestApp.JSON.createObjectNode();
        ArrayNode array = body.putArray("events");
        events.forEach(array::add);
        return body.toString();
    }

    static String profile(String role, String language, String... extraFields) {
        StringBuilder body = new StringBuilder("{\"role\": \"%s\", \"language\": \"%s\"".formatted(role, language));
        for (String field : extraFields) body.append(", ").append(field);
        return body.append('}').toString();
    }

    /** Ids of catalog items that match a filter, e.g. {@code format=whitepaper&language=de}. */
    static List<JsonNode> catalog(TestApp app, String query) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        app.get("/api/v1/catalog?" + query).json().get("items").forEach(items::add);
        return items;
    }
}
