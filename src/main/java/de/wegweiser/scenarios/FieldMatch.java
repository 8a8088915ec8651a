package de.wegweiser.scenarios;

import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One field of an item compared with one or more values, as written in a scenario:
 * {@code formats: [case-study, reference]} matches an item whose format is either;
 * {@code expired: true} an item that has expired on the scenario's day.
 *
 * @param field  the scenario field, one of {@link #LISTS} or {@link #FLAGS}
 * @param values ids (phases as their ids), or {@code "true"}/{@code "false"} for a flag
 */
public record FieldMatch(String field, List<String> values) {

    /** Fields that list values; an item matches when it has any of them. */
    public static final List<String> LISTS = List.of("ids", "formats", "concerns", "roles", "topics", "languages", "phases");
    /** Yes/no properties of an item, some relative to the contact or the day. */
    public static final List<String> FLAGS = List.of("gated", "expired", "pastEvent", "consumed", "topOfFunnelOnly", "customerOnly");

    public FieldMatch {
        values = List.copyOf(values);
    }

    public boolean test(ContentItem item, Contact contact, LocalDate today) {
        return switch (field) {
            case "ids" -> values.contains(item.id());
            case "formats" -> values.contains(item.format());
            case "languages" -> values.contains(item.language());
            case "concerns" -> values.stream().anyMatch(item.concerns()::contains);
            case "roles" -> values.stream().anyMatch(item.roles()::contains);
            case "topics" -> values.stream().anyMatch(item.topics()::contains);
            case "phases" -> values.stream().map(v -> JourneyPhase.parse(v).orElseThrow()).anyMatch(item.phases()::contains);
            default -> flag(item, contact, today) == Boolean.parseBoolean(values.get(0));
        };
    }

    private boolean flag(ContentItem item, Contact contact, LocalDate today) {
        return switch (field) {
            case "gated" -> item.gated();
            case "expired" -> item.isExpiredOn(today);
            case "pastEvent" -> item.isPastEventOn(today);
            case "consumed" -> contact.hasConsumed(item.id());
            case "topOfFunnelOnly" -> item.isTopOfFunnelOnly();
            case "customerOnly" -> item.isCustomerOnly();
            default -> throw new IllegalStateException("unknown field " + field);
        };
    }

    /** {@code with format 'case-study' or 'reference'}, {@code that is expired}, {@code that is not gated}. */
    public String describe() {
        return describe(List.of(this));
    }

    /** {@code format 'case-study' or 'reference'}, or for a flag {@code expired}, {@code not gated}. */
    private String phrase() {
        if (FLAGS.contains(field)) {
            boolean yes = Boolean.parseBoolean(values.get(0));
            String what = switch (field) {
                case "pastEvent" -> "a past event";
                case "consumed" -> "consumed by the contact";
                case "topOfFunnelOnly" -> "top-of-funnel only";
                case "customerOnly" -> "customer-only";
                default -> field;
            };
            return yes ? what : "not " + what;
        }
        String singular = field.equals("ids") ? "id" : field.substring(0, field.length() - 1);
        return singular + " " + values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(" or "));
    }

    /**
     * What items that match every field are like: {@code with format 'case-study' and concern
     * 'image'}, {@code that is expired}, or both joined by {@code and}.
     */
    static String describe(List<FieldMatch> filter) {
        String lists = filter.stream().filter(f -> !FLAGS.contains(f.field())).map(FieldMatch::phrase).collect(Collectors.joining(" and "));
        String flags = filter.stream().filter(f -> FLAGS.contains(f.field())).map(FieldMatch::phrase).collect(Collectors.joining(" and "));
        if (flags.isEmpty()) return "with " + lists;
        if (lists.isEmpty()) return "that is " + flags;
        return "with " + lists + " and that is " + flags;
    }

    static boolean all(List<FieldMatch> filter, ContentItem item, Contact contact, LocalDate today) {
        return filter.stream().allMatch(f -> f.test(item, contact, today));
    }
}
