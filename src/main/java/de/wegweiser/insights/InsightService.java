package de.wegweiser.insights;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.EventType;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.TermKind;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.InsightRows;
import de.wegweiser.storage.InsightRows.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reports marketers read: items, rules, the journey funnel and content gaps. Reads the daily
 * aggregates the event writes keep (never the events), so a report costs what its window holds in
 * days x items x splits, not what the event history holds. No contact ids leave this class.
 */
public final class InsightService {

    /**
     * A split of every figure: by the contact's language or role, by the events' channel, or by
     * day (a series for charts over time).
     */
    public enum Split {
        LANGUAGE("language"), ROLE("role"), CHANNEL("channel"), DAY("day");

        /** The id in the query ({@code by=}) and in the report. */
        public final String column;

        Split(String column) { this.column = column; }

        /** The aggregate tables keep the day in every row: a split by day reads the totals, grouped by their day. */
        String table() { return this == DAY ? null : column; }

        /** The key column that holds the group. */
        String key() { return this == DAY ? "on_day" : column; }

        /** Splits kept with the stored contacts too (their phase counts can be grouped by it). */
        boolean ofContacts() { return this == LANGUAGE || this == ROLE; }

        public static List<String> ids() { return Arrays.stream(values()).map(s -> s.column).toList(); }
    }

    /** Days from {@code from} to {@code to}, both included (UTC days). */
    public record Window(LocalDate from, LocalDate to) {}

    private final ContactStore store;
    private final RecommendationService recommendations;
    private final Clock clock;
    private final InsightRecorder recorder;

    public InsightService(ContactStore store, RecommendationService recommendations, Clock clock, InsightRecorder recorder) {
        this.store = store;
        this.recommendations = recommendations;
        this.clock = clock;
        this.recorder = recorder;
    }

    public Tracker tracker() { return recorder.tracker(); }

    /** An impression or click of an item of an answer to a contact that is not stored. */
    public record Feedback(String trackingId, EventType type, String itemId, Instant at, String channel) {}

    /**
     * Counts anonymous impressions and clicks, each (answer, item, type) once, in one transaction.
     * Feedback on an unknown answer or an item not in it is skipped (the caller checks first).
     *
     * @return for each feedback whether it was new
     */
    public List<Boolean> feedback(List<Feedback> feedback) {
        return store.insights(rows -> {
            List<Boolean> recorded = new ArrayList<>();
            for (Feedback f : feedback) {
                var trace = recorder.tracker().find(rows, f.trackingId()).filter(t -> t.contains(f.itemId()));
                boolean added = trace.isPresent() && rows.insertFeedback(f.trackingId(), f.itemId(), f.type().name(), f.at(),
                        InsightRecorder.channel(f.channel()));
                if (added) recorder.feedback(rows, trace.get(), f.type(), f.itemId(), f.at(), f.channel());
                recorded.add(added);
            }
            return recorded;
        });
    }

    public LocalDate today() { return recommendations.today(); }

    /** Names of rules that traced answers were credited to, from any rules version. */
    public Set<String> knownRules(Window window) {
        Set<String> names = new java.util.TreeSet<>();
        recommendations.snapshot().rules().rules().forEach(r -> names.add(r.name()));
        store.insights(rows -> rows.sums(Table.RULE, null, window.from(), window.to(), List.of("rule"), Map.of()))
                .forEach(row -> { if (!"".equals(row[0])) names.add((String) row[0]); });
        return names;
    }

    // ---------------------------------------------------------------- items

    /** One item's figures, overall or in one group of a split. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemFigures(String itemId, String title, String format, String group, long impressions, long clicks, Double ctr,
                              long views, long downloads, long formSubmissions, long influence, List<ItemFigures> groups) {}

    public record ItemReport(LocalDate from, LocalDate to, int influenceDays, String split, List<ItemFigures> items) {}

    /**
     * @param itemId        one item, or null for every item with figures in the window
     * @param influenceDays a move to a later phase counts as the item's influence if it came less than this many days after consuming it
     */
    public ItemReport items(Window window, String itemId, Split split, int influenceDays) {
        Map<String, Object> filter = itemId == null ? Map.of() : Map.of("item_id", itemId);
        List<String> columns = new ArrayList<>(List.of("item_id"));
        if (split != null) columns.add(split.key());
        Map<String, Object> influenceFilter = new LinkedHashMap<>(filter);
        influenceFilter.put("moved_days", influenceDays);
        List<String> influenceColumns = new ArrayList<>(List.of("item_id"));
        if (split != null) influenceColumns.add(split.key());
        record Read(List<Object[]> events, List<Object[]> influence) {}
        String column = split == null ? null : split.table();
        Read read = store.insights(rows -> new Read(rows.sums(Table.ITEM, column, window.from(), window.to(), columns, filter),
                rows.sums(Table.INFLUENCE, column, window.from(), window.to(), influenceColumns, influenceFilter)));
        // item -> group ("" overall) -> counters: impressions, clicks, views, downloads, forms, influence
        Map<String, Map<String, long[]>> figures = new TreeMap<>();
        for (Object[] row : read.events()) {
            // the counters follow the columns: impressions, clicks, views, downloads, form submissions
            add(figures, (String) row[0], split == null ? null : group(row[1]), 0, row, columns.size(), 5);
        }
        for (Object[] row : read.influence()) {
            add(figures, (String) row[0], split == null ? null : group(row[1]), 5, row, row.length - 1, 1);
        }
        if (itemId != null) figures.computeIfAbsent(itemId, k -> new TreeMap<>()).computeIfAbsent("", k -> new long[6]);
        var catalog = recommendations.snapshot().catalog();
        List<ItemFigures> items = new ArrayList<>();
        for (var entry : figures.entrySet()) {
            var item = catalog.item(entry.getKey());
            String title = item.map(i -> i.title()).orElse(null);
            String format = item.map(i -> i.format()).orElse(null);
            List<ItemFigures> groups = split == null ? null : entry.getValue().entrySet().stream().filter(g -> !g.getKey().isEmpty())
                    .map(g -> itemFigures(null, null, null, g.getKey(), g.getValue(), null)).toList();
            items.add(itemFigures(entry.getKey(), title, format, null, entry.getValue().get(""), groups));
        }
        items.sort(Comparator.comparingLong((ItemFigures f) -> -(f.impressions() + f.views() + f.downloads()))
                .thenComparing(ItemFigures::itemId));
        return new ItemReport(window.from(), window.to(), influenceDays, split == null ? null : split.column, items);
    }

    /** A split's value as a group: a day as {@code YYYY-MM-DD} (groups sort by their name, so days come in order). */
    private static String group(Object value) {
        if (value instanceof java.sql.Date day) return day.toLocalDate().toString();
        return value == null ? "" : value.toString();
    }

    /** Adds {@code count} counters of the row, from {@code at} on, to the item's counters from {@code counter} on, overall and in the group. */
    private static void add(Map<String, Map<String, long[]>> figures, String item, String group, int counter, Object[] row, int at, int count) {
        Map<String, long[]> groups = figures.computeIfAbsent(item, k -> new TreeMap<>());
        long[] overall = groups.computeIfAbsent("", k -> new long[6]);
        long[] inGroup = group == null ? null : groups.computeIfAbsent(group.isEmpty() ? "(none)" : group, k -> new long[6]);
        for (int i = 0; i < count; i++) {
            long n = (Long) row[at + i];
            overall[counter + i] += n;
            if (inGroup != null) inGroup[counter + i] += n;
        }
    }

    private static ItemFigures itemFigures(String id, String title, String format, String group, long[] c, List<ItemFigures> groups) {
        return new ItemFigures(id, title, format, group, c[0], c[1], ratio(c[1], c[0]), c[2], c[3], c[4], c[5], groups);
    }

    static Double ratio(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10000.0 / whole) / 10000.0;
    }

    // ---------------------------------------------------------------- rules

    /** A rule's impressions and clicks, against the other shown items of its rules version. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleFigures(String rulesVersion, String rule, String group, long impressions, long clicks, Double ctr,
                              double pointsGiven, Double averagePoints, long otherImpressions, long otherClicks, Double otherCtr,
                              List<RuleFigures> groups) {}

    public record RuleReport(LocalDate from, LocalDate to, String split, List<RuleFigures> rules) {}

    /**
     * @param rulesVersion one version, or null for all
     * @param rule         one rule, or null for all
     */
    public RuleReport rules(Window window, String rulesVersion, String rule, Split split) {
        Map<String, Object> filter = rulesVersion == null ? Map.of() : Map.of("rules_version", rulesVersion);
        List<String> columns = new ArrayList<>(List.of("rules_version", "rule"));
        if (split != null) columns.add(split.key());
        List<Object[]> rows = store.insights(r -> r.sums(Table.RULE, split == null ? null : split.table(), window.from(), window.to(),
                columns, filter));
        // version -> rule ('' = all shown items) -> group ('' overall) -> impressions, clicks, points
        Map<String, Map<String, Map<String, double[]>>> sums = new TreeMap<>();
        for (Object[] row : rows) {
            String group = split == null ? "" : group(row[2]);
            double[] add = {(Long) row[row.length - 3], (Long) row[row.length - 2], (Double) row[row.length - 1]};
            Map<String, double[]> groups = sums.computeIfAbsent((String) row[0], k -> new TreeMap<>())
                    .computeIfAbsent((String) row[1], k -> new TreeMap<>());
            for (String g : split == null ? List.of("") : List.of("", group.isEmpty() ? "(none)" : group)) {
                double[] sum = groups.computeIfAbsent(g, k -> new double[3]);
                for (int i = 0; i < 3; i++) sum[i] += add[i];
            }
        }
        List<RuleFigures> out = new ArrayList<>();
        for (var version : sums.entrySet()) {
            Map<String, double[]> all = version.getValue().getOrDefault("", Map.of());
            for (var ruleEntry : version.getValue().entrySet()) {
                if (ruleEntry.getKey().isEmpty() || (rule != null && !rule.equals(ruleEntry.getKey()))) continue;
                List<RuleFigures> groups = split == null ? null : ruleEntry.getValue().keySet().stream().filter(g -> !g.isEmpty())
                        .map(g -> ruleFigures(null, null, g, ruleEntry.getValue().get(g), all.get(g), null)).toList();
                out.add(ruleFigures(version.getKey(), ruleEntry.getKey(), null, ruleEntry.getValue().get(""), all.get(""), groups));
            }
        }
        out.sort(Comparator.comparing(RuleFigures::rulesVersion).thenComparingLong(f -> -f.impressions()).thenComparing(RuleFigures::rule));
        return new RuleReport(window.from(), window.to(), split == null ? null : split.column, out);
    }

    private static RuleFigures ruleFigures(String version, String rule, String group, double[] own, double[] all, List<RuleFigures> groups) {
        double[] total = all == null ? new double[3] : all;
        long impressions = (long) own[0];
        long clicks = (long) own[1];
        long otherImpressions = (long) total[0] - impressions;
        long otherClicks = (long) total[1] - clicks;
        double points = Math.round(own[2] * 1000) / 1000.0;
        return new RuleFigures(version, rule, group, impressions, clicks, ratio(clicks, impressions), points,
                impressions == 0 ? null : Math.round(own[2] / impressions * 1000) / 1000.0,
                otherImpressions, otherClicks, ratio(otherClicks, otherImpressions), groups);
    }

    // ---------------------------------------------------------------- journey

    /** One phase of the funnel, overall or in one group of a split. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PhaseFigures(String phase, String group, Long contacts, Long stalled, long entered, long movedOn, long fellBack,
                               Double conversion, Integer medianDaysInPhase, List<PhaseFigures> groups) {}

    /** @param stalls the phases with stalled contacts, most first */
    public record JourneyReport(LocalDate from, LocalDate to, int stallDays, String split, String account,
                                List<PhaseFigures> phases, List<String> stalls) {}

    /**
     * @param account   only the contacts of this account (phase counts only: the flows are not kept per account)
     * @param stallDays a contact stalls when it has been in its phase at least this many days
     */
    public JourneyReport journey(Window window, Split split, String account, int stallDays) {
        Instant stalledBefore = clock.instant().minus(Duration.ofDays(stallDays));
        String funnelColumn = split == null || !split.ofContacts() ? null : split.column;
        List<String> columns = new ArrayList<>(List.of("from_phase", "to_phase", "days_in_phase"));
        if (split != null) columns.add(split.key());
        record Read(List<Object[]> funnel, List<Object[]> moves) {}
        Read read = store.insights(rows -> new Read(rows.funnel(funnelColumn, account, stalledBefore),
                account != null ? List.of() : rows.sums(Table.MOVE, split == null ? null : split.table(), window.from(), window.to(),
                        columns, Map.of())));
        // phase -> group ('' overall) -> figures
        Map<JourneyPhase, Map<String, PhaseSums>> phases = new TreeMap<>();
        for (JourneyPhase phase : JourneyPhase.values()) phases.put(phase, new TreeMap<>(Map.of("", new PhaseSums())));
        for (Object[] row : read.funnel()) {
            JourneyPhase phase = JourneyPhase.parse((String) row[0]).orElseThrow();
            int n = funnelColumn == null ? 1 : 2;
            for (String g : groupsOf(funnelColumn == null ? null : (String) row[1])) {
                PhaseSums s = phases.get(phase).computeIfAbsent(g, k -> new PhaseSums());
                s.contacts += (Long) row[n];
                s.stalled += (Long) row[n + 1];
            }
        }
        for (Object[] row : read.moves()) {
            JourneyPhase from = JourneyPhase.parse((String) row[0]).orElseThrow();
            JourneyPhase to = JourneyPhase.parse((String) row[1]).orElseThrow();
            int days = ((Number) row[2]).intValue();
            long moves = (Long) row[row.length - 1];
            for (String g : groupsOf(split == null ? null : group(row[3]))) {
                PhaseSums out = phases.get(from).computeIfAbsent(g, k -> new PhaseSums());
                if (from.isBefore(to)) out.movedOn += moves;
                else out.fellBack += moves;
                out.daysInPhase.merge(days, moves, Long::sum);
                phases.get(to).computeIfAbsent(g, k -> new PhaseSums()).entered += moves;
            }
        }
        boolean flows = account == null;
        boolean counts = split == null || split.ofContacts();
        List<PhaseFigures> figures = new ArrayList<>();
        List<PhaseFigures> stalled = new ArrayList<>();
        for (var entry : phases.entrySet()) {
            List<PhaseFigures> groups = split == null ? null : entry.getValue().entrySet().stream().filter(g -> !g.getKey().isEmpty())
                    .map(g -> g.getValue().figures(null, g.getKey(), counts, flows, null)).toList();
            PhaseFigures overall = entry.getValue().get("").figures(entry.getKey().id(), null, true, flows, groups);
            figures.add(overall);
            if (overall.stalled() != null && overall.stalled() > 0) stalled.add(overall);
        }
        stalled.sort(Comparator.comparingLong(f -> -f.stalled()));
        return new JourneyReport(window.from(), window.to(), stallDays, split == null ? null : split.column, account, figures,
                stalled.stream().map(PhaseFigures::phase).toList());
    }

    private static List<String> groupsOf(String group) {
        return group == null ? List.of("") : List.of("", group.isEmpty() ? "(none)" : group);
    }

    private static final class PhaseSums {
        long contacts;
        long stalled;
        long entered;
        long movedOn;
        long fellBack;
        final TreeMap<Integer, Long> daysInPhase = new TreeMap<>();

        PhaseFigures figures(String phase, String group, boolean counts, boolean flows, List<PhaseFigures> groups) {
            Double conversion = counts && flows ? ratio(movedOn, movedOn + fellBack + contacts) : null;
            return new PhaseFigures(phase, group, counts ? contacts : null, counts ? stalled : null, flows ? entered : 0,
                    flows ? movedOn : 0, flows ? fellBack : 0, conversion, flows ? median() : null, groups);
        }

        /** The lower median of the whole days spent in the phase by the contacts that left it. */
        Integer median() {
            long total = daysInPhase.values().stream().mapToLong(Long::longValue).sum();
            if (total == 0) return null;
            long seen = 0;
            for (var e : daysInPhase.entrySet()) {
                seen += e.getValue();
                if (seen * 2 >= total) return e.getKey();
            }
            return daysInPhase.lastKey();
        }
    }

    // ---------------------------------------------------------------- gaps

    /** The contacts and catalog items of one phase x role x language (x concern) cell. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GapCell(String phase, String role, String language, String concern, int items, int missing, long contacts,
                          List<String> itemIds) {}

    public record GapReport(int top, double minScore, boolean byConcern, String rulesVersion, String catalogVersion, List<GapCell> cells) {}

    /**
     * For every cell: how many items the rules put in the top {@code top} with at least
     * {@code minScore}, and how many stored contacts sit in it. Gaps first, most contacts first.
     *
     * @param contactCells phase, role, language, concerns (comma-separated) and count of stored contacts; empty without any
     */
    public static GapReport gaps(RecommendationService recommendations, List<Object[]> contactCells, int top, double minScore,
                                 boolean byConcern) {
        return gaps(recommendations, contactCells, top, minScore, byConcern, null);
    }

    /**
     * @param onlyLanguage the cells of one content language only (each cell costs a recommendation), or null for all
     * @see #gaps(RecommendationService, List, int, double, boolean)
     */
    public static GapReport gaps(RecommendationService recommendations, List<Object[]> contactCells, int top, double minScore,
                                 boolean byConcern, String onlyLanguage) {
        var snapshot = recommendations.snapshot();
        var taxonomy = snapshot.catalog().taxonomy();
        Map<String, Long> contacts = new LinkedHashMap<>();
        for (Object[] row : contactCells) {
            String base = row[0] + "|" + row[1] + "|" + row[2] + "|";
            if (!byConcern) {
                contacts.merge(base, (Long) row[4], Long::sum);
                continue;
            }
            String concerns = (String) row[3];
            if (concerns == null || concerns.isEmpty()) contacts.merge(base, (Long) row[4], Long::sum);
            else for (String concern : concerns.split(",")) contacts.merge(base + concern, (Long) row[4], Long::sum);
        }
        List<String> concerns = new ArrayList<>(List.of(""));
        if (byConcern) concerns.addAll(taxonomy.ids(TermKind.CONCERN));
        List<GapCell> cells = new ArrayList<>();
        for (JourneyPhase phase : JourneyPhase.values()) {
            for (String role : taxonomy.ids(TermKind.ROLE)) {
                for (String language : taxonomy.ids(TermKind.LANGUAGE)) {
                    if (onlyLanguage != null && !onlyLanguage.equals(language)) continue;
                    for (String concern : concerns) {
                        Contact probe = new Contact("gap-probe", role, concern.isEmpty() ? Set.of() : Set.of(concern), phase, language,
                                Set.of(), null, null, Set.of(), null, phase.isCustomerJourney());
                        List<String> ids = recommendations.recommend(probe, top).recommendations().stream()
                                .filter(r -> r.score() >= minScore).map(Recommendation::item).map(i -> i.id()).toList();
                        long inCell = contacts.getOrDefault(phase.id() + "|" + role + "|" + language + "|" + concern, 0L);
                        cells.add(new GapCell(phase.id(), role, language, byConcern ? (concern.isEmpty() ? "(none)" : concern) : null,
                                ids.size(), top - ids.size(), inCell, ids));
                    }
                }
            }
        }
        cells.sort(Comparator.comparing((GapCell c) -> c.missing() == 0).thenComparingLong(c -> -c.contacts())
                .thenComparingInt(c -> -c.missing()));
        return new GapReport(top, minScore, byConcern, snapshot.rules().version(), snapshot.catalog().version(), cells);
    }

    /** {@link #gaps(RecommendationService, List, int, double, boolean, String)} with the stored contacts. */
    public GapReport gaps(int top, double minScore, boolean byConcern, String onlyLanguage) {
        return gaps(recommendations, store.insights(InsightRows::contactCells), top, minScore, byConcern, onlyLanguage);
    }
}
