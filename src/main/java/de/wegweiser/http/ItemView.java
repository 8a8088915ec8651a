package de.wegweiser.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import java.time.LocalDate;
import java.util.List;

/** A catalog item as the API shows it: kebab-case ids, sorted lists, ISO dates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemView(String id, String title, String summary, String url, String format, String language,
                       List<String> phases, List<String> roles, List<String> concerns, List<String> topics,
                       LocalDate published, LocalDate expires, LocalDate eventDate, boolean gated,
                       Integer durationMinutes) {

    public static ItemView of(ContentItem item) {
        return new ItemView(item.id(), item.title(), item.summary(), item.url(), item.format(), item.language(),
                item.phases().stream().sorted().map(JourneyPhase::id).toList(),
                item.roles().stream().sorted().toList(),
                item.concerns().stream().sorted().toList(),
                item.topics().stream().sorted().toList(),
                item.published(), item.expires(), item.eventDate(), item.gated(), item.durationMinutes());
    }
}
