package de.wegweiser.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code fields} query parameter of the recommendation routes: which of an entry's fields the
 * answer carries, for a CMS page that has the rest already. {@code id} is always there.
 *
 * @param names the chosen names in the order of {@link #ALLOWED}, so equal choices are equal keys
 */
record FieldSelection(List<String> names) {

    static final List<String> ITEM = List.of("id", "title", "summary", "url", "format", "language", "phases", "roles", "concerns",
            "topics", "published", "expires", "eventDate", "gated", "durationMinutes");
    static final List<String> ALLOWED = Stream.concat(ITEM.stream(), Stream.of("score", "reasons")).toList();

    FieldSelection {
        names = List.copyOf(names);
    }

    /** @return null for every field (no parameter), else the selection */
    static FieldSelection parse(String text) {
        if (text == null) return null;
        Set<String> chosen = new LinkedHashSet<>(List.of("id"));
        List<String> unknown = new ArrayList<>();
        for (String name : text.split(",", -1)) {
            String field = name.strip();
            if (ALLOWED.contains(field)) chosen.add(field);
            else unknown.add(field.isEmpty() ? "(empty)" : "'" + field + "'");
        }
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest(List.of(new FieldError("fields",
                    "unknown field %s; a comma-separated list of %s".formatted(String.join(", ", unknown), String.join(", ", ALLOWED)),
                    ALLOWED)));
        }
        return new FieldSelection(ALLOWED.stream().filter(chosen::contains).toList());
    }

    List<String> itemFields() {
        return names.stream().filter(ITEM::contains).toList();
    }

    boolean has(String name) {
        return names.contains(name);
    }
}
