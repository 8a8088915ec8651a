package de.wegweiser.batch;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import de.wegweiser.storage.ContactFilter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the filters of a segment the same way for the command line ({@code --phase consideration})
 * and the export endpoint ({@code ?phase=consideration}): each may hold several values separated by
 * commas (or be given several times), phases may be aliases, every unknown value is reported with
 * the allowed ones or the nearest.
 */
public final class Segment {

    /** The filters, in the order their errors are reported. */
    public static final List<String> FILTERS = List.of("phase", "role", "language", "lifecycle", "account", "consumed", "notConsumed");
    static final int MAX_NAME_LENGTH = 200;

    private Segment() {}

    /**
     * What is wrong with one filter.
     *
     * @param allowed the accepted values when they form a short closed list, else empty
     */
    public record Problem(String field, String message, List<String> allowed) {}

    /** The filter, or the problems (then the filter is null). */
    public record Parsed(ContactFilter filter, List<Problem> problems) {}

    /**
     * @param values by filter name, each value possibly a comma-separated list; names not in
     *               {@link #FILTERS} are the caller's to reject
     */
    public static Parsed parse(Map<String, List<String>> values, Taxonomy taxonomy, Catalog catalog) {
        List<Problem> problems = new ArrayList<>();
        Set<String> phases = new LinkedHashSet<>();
        for (String value : split(values.get("phase"))) {
            JourneyPhase.parse(value).ifPresentOrElse(p -> phases.add(p.id()),
                    () -> problems.add(new Problem("phase", JourneyPhase.unknownMessage(value), JourneyPhase.ids())));
        }
        Set<String> roles = terms(values.get("role"), "role", TermKind.ROLE, taxonomy, problems);
        Set<String> languages = terms(values.get("language"), "language", TermKind.LANGUAGE, taxonomy, problems);
        Set<String> lifecycles = new LinkedHashSet<>();
        for (String value : split(values.get("lifecycle"))) {
            LifecycleStatus.parse(value).ifPresentOrElse(s -> lifecycles.add(s.id()), () -> problems.add(new Problem("lifecycle",
                    Taxonomy.unknownMessage("lifecycle status", value, LifecycleStatus.ids()), LifecycleStatus.ids())));
        }
        String account = single(values.get("account"), "account", problems);
        if (account != null && (account.length() > MAX_NAME_LENGTH || account.chars().anyMatch(Character::isISOControl))) {
            problems.add(new Problem("account", "an account id has 1 to %d characters without control characters".formatted(MAX_NAME_LENGTH),
                    List.of()));
        }
        String consumed = item(values.get("consumed"), "consumed", catalog, problems);
        String notConsumed = item(values.get("notConsumed"), "notConsumed", catalog, problems);
        if (!problems.isEmpty()) return new Parsed(null, problems);
        return new Parsed(new ContactFilter(phases, roles, languages, lifecycles, account, consumed, notConsumed), List.of());
    }

    /** The filter as one line, for the summary and to tell a checkpoint of another mailing apart. */
    public static String describe(ContactFilter filter) {
        List<String> parts = new ArrayList<>();
        add(parts, "phase", filter.phases());
        add(parts, "role", filter.roles());
        add(parts, "language", filter.languages());
        add(parts, "lifecycle", filter.lifecycles());
        if (filter.account() != null) parts.add("account=" + filter.account());
        if (filter.consumed() != null) parts.add("consumed=" + filter.consumed());
        if (filter.notConsumed() != null) parts.add("notConsumed=" + filter.notConsumed());
        return parts.isEmpty() ? "all stored contacts" : String.join(" ", parts);
    }

    private static void add(List<String> parts, String name, Set<String> values) {
        if (!values.isEmpty()) parts.add(name + "=" + String.join(",", values.stream().sorted().toList()));
    }

    private static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values == null) return out;
        for (String value : values) {
            if (value == null) continue;
            for (String part : value.split(",")) if (!part.isBlank()) out.add(part.strip());
        }
        return out;
    }

    private static Set<String> terms(List<String> values, String field, TermKind kind, Taxonomy taxonomy, List<Problem> problems) {
        Set<String> out = new LinkedHashSet<>();
        for (String value : split(values)) {
            if (taxonomy.knows(kind, value)) out.add(value);
            else problems.add(new Problem(field, taxonomy.unknownTermMessage(kind, value), taxonomy.ids(kind)));
        }
        return out;
    }

    private static String single(List<String> values, String field, List<Problem> problems) {
        List<String> all = values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
        if (all.size() > 1) problems.add(new Problem(field, "give one %s; got %d".formatted(field, all.size()), List.of()));
        return all.isEmpty() ? null : all.get(0);
    }

    private static String item(List<String> values, String field, Catalog catalog, List<Problem> problems) {
        String id = single(values, field, problems);
        if (id == null || catalog.contains(id)) return id;
        List<String> ids = catalog.items().stream().map(ContentItem::id).toList();
        problems.add(new Problem(field, "unknown catalog item '%s'; %s".formatted(id.length() > 100 ? id.substring(0, 100) + "..." : id,
                Taxonomy.nearest(id, ids).map(n -> "did you mean '" + n + "'?").orElse("see GET /api/v1/catalog")), List.of()));
        return null;
    }
}
