package de.wegweiser.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.wegweiser.domain.ContentItem;

/**
 * Each catalog item's JSON fields, written once and reused by every answer that lists the item: the
 * same items appear in thousands of answers, where only the score and the reasons differ. The items
 * are the keys, by identity and held weakly, so the fields of a replaced catalog version go with it.
 */
final class ItemJson {

    private static final Cache<ContentItem, SerializedString> FIELDS =
            Caffeine.newBuilder().weakKeys().maximumSize(200_000).build();
    /** The same for a {@code fields=} choice; a few choices per item are kept (a CMS uses one or two). */
    private static final Cache<ContentItem, java.util.Map<FieldSelection, SerializedString>> SELECTED =
            Caffeine.newBuilder().weakKeys().maximumSize(200_000).build();
    private static final int CHOICES_PER_ITEM = 8;

    private ItemJson() {}

    /** The fields of {@link ItemView}, as {@code "id":"…",…,"gated":true,}: no braces, a comma at the end. */
    static SerializedString fieldsThenComma(ContentItem item) {
        return FIELDS.get(item, ItemJson::write);
    }

    /** Only the chosen item fields, in the same form. */
    static SerializedString fieldsThenComma(ContentItem item, FieldSelection selection) {
        var choices = SELECTED.get(item, key -> new java.util.concurrent.ConcurrentHashMap<>());
        SerializedString cached = choices.get(selection);
        if (cached != null) return cached;
        var tree = Json.MAPPER.valueToTree(ItemView.of(item));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).retain(selection.itemFields());
        String object = tree.toString();
        var fields = new SerializedString(object.substring(1, object.length() - 1) + ",");
        if (choices.size() < CHOICES_PER_ITEM) choices.put(selection, fields);
        return fields;
    }

    private static SerializedString write(ContentItem item) {
        try {
            String object = Json.MAPPER.writeValueAsString(ItemView.of(item));
            return new SerializedString(object.substring(1, object.length() - 1) + ",");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write item " + item.id() + " as JSON", e);
        }
    }
}
