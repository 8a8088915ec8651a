package de.wegweiser.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Reason;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationResult;
import java.io.IOException;
import java.util.List;

/**
 * The response body of {@code POST /api/v1/recommendations}.
 *
 * @param trackingId names this answer in the impressions and clicks the CMS reports back
 */
public record RecommendationView(String contactId, String trackingId, String rulesVersion, String catalogVersion,
                                 List<Entry> recommendations) {

    /**
     * One recommended item: the item's fields (as {@link ItemView}), its score and the reasons.
     *
     * @param fields the fields the request chose ({@code fields=}), or null for all
     */
    @JsonSerialize(using = EntryWriter.class)
    public record Entry(ContentItem item, double score, List<Reason> reasons, FieldSelection fields) {}

    public static RecommendationView of(RecommendationResult result, String trackingId) {
        return of(result, trackingId, null);
    }

    /** @param fields the fields each entry carries, or null for all */
    static RecommendationView of(RecommendationResult result, String trackingId, FieldSelection fields) {
        return new RecommendationView(result.contactId(), trackingId, result.rulesVersion(), result.catalogVersion(),
                result.recommendations().stream().map(r -> new Entry(r.item(), r.score(), r.reasons(), fields)).toList());
    }

    static Entry entry(Recommendation r) {
        return new Entry(r.item(), r.score(), r.reasons(), null);
    }

    /** Writes the item's cached fields, then the score and reasons of this answer. */
    static final class EntryWriter extends StdSerializer<Entry> {
        EntryWriter() { super(Entry.class); }

        @Override
        public void serialize(Entry entry, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject(entry);
            FieldSelection fields = entry.fields();
            if (fields == null) {
                // the raw fields end with a comma: the generator, which does not see them, writes "score" as if first
                gen.writeRaw(ItemJson.fieldsThenComma(entry.item()));
                gen.writeNumberField("score", entry.score());
                provider.defaultSerializeField("reasons", entry.reasons(), gen);
            } else {
                SerializedString raw = ItemJson.fieldsThenComma(entry.item(), fields);
                boolean more = fields.has("score") || fields.has("reasons");
                // without score and reasons the raw fields are the last ones: drop their comma
                gen.writeRaw(more ? raw.getValue() : raw.getValue().substring(0, raw.getValue().length() - 1));
                if (fields.has("score")) gen.writeNumberField("score", entry.score());
                if (fields.has("reasons")) provider.defaultSerializeField("reasons", entry.reasons(), gen);
            }
            gen.writeEndObject();
        }
    }
}
