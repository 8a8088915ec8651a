package de.wegweiser.scenarios;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.EventType;
import de.wegweiser.domain.GapKind;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import de.wegweiser.files.SourceFiles;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.RuleInfo;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the scenario files ({@code *.yaml}) of a directory and checks every field against the
 * taxonomy, the catalog and the rule names, so a typo is reported with file, line, column, field
 * and the nearest known value instead of making a scenario pass or fail for the wrong reason.
 * Reads the YAML as nodes (SnakeYAML) because only they know where each value was written.
 */
public final class ScenarioLoader {

    /** Scenarios live next to the rules, in this folder of the rules directory. */
    public static final String FOLDER = "scenarios";
    public static final int DEFAULT_TOP = 5;
    /** The most results the API returns; scenarios look at no more. */
    public static final int MAX_TOP = 50;
    /** The contact's language when the scenario does not say, as in the API. */
    static final String DEFAULT_LANGUAGE = "de";

    static final List<String> FILE_KEYS = List.of("scenarios");
    static final List<String> SCENARIO_KEYS = List.of("name", "contact", "account", "events", "top", "expect");
    static final List<String> ACCOUNT_KEYS = List.of("id", "members");
    static final List<String> MEMBER_KEYS = List.of("contact", "events");
    static final List<String> GAP_KEYS = List.of("kind", "role", "concern", "member");
    /** What an account scenario can expect: how the account rules judge the company. */
    static final List<String> ACCOUNT_EXPECT_KEYS = List.of("phase", "status", "score", "missingRoles", "gaps", "noGaps", "seen", "unseen");
    static final String DEFAULT_ACCOUNT = "scenario-account";
    static final List<String> EVENT_KEYS = List.of("type", "item", "id", "daysAgo", "at");
    /** Expectations on the state the journey rules inferred from the events; they need events. */
    static final List<String> JOURNEY_KEYS = List.of("phase", "status", "score", "consumed", "phaseChangedBy");
    /** The most days an event may lie before the check: ten years. */
    static final int MAX_DAYS_AGO = 3650;
    static final List<String> CONTACT_KEYS = List.of("id", "role", "phase", "language", "concerns", "consumed", "topics",
            "account", "industry", "lifecycle", "existingCustomer");
    static final List<String> EXPECT_KEYS = List.of("inTop", "notInTop", "allInTop", "atLeast", "notRecommended", "ruleFired", "excludedBy",
            "phase", "status", "score", "consumed", "phaseChangedBy");
    private static final Set<String> YES = Set.of("true", "yes", "on");
    private static final Set<String> NO = Set.of("false", "no", "off");

    private final Catalog catalog;
    private final List<String> ruleNames;
    private final List<String> journeyRuleNames;

    /**
     * @param ruleNames the names of the compiled rules, to check {@code ruleFired} and
     *                  {@code excludedBy}; empty skips that check
     */
    /** A loader that checks rule names against the recommendation and journey rules of a snapshot. */
    public static ScenarioLoader of(Snapshot snapshot) {
        return new ScenarioLoader(snapshot.catalog(), names(snapshot.rules().rules()), names(snapshot.journey().rules()));
    }

    /** The names of compiled rules, as {@code ruleFired} and {@code phaseChangedBy} name them. */
    public static List<String> names(List<RuleInfo> rules) {
        return rules.stream().map(RuleInfo::name).toList();
    }

    public ScenarioLoader(Catalog catalog, Collection<String> ruleNames) {
        this(catalog, ruleNames, List.of());
    }

    /**
     * @param journeyRuleNames the names of the journey rules, to check {@code phaseChangedBy}; empty
     *                         skips that check
     */
    public ScenarioLoader(Catalog catalog, Collection<String> ruleNames, Collection<String> journeyRuleNames) {
        this.catalog = catalog;
        this.ruleNames = List.copyOf(new LinkedHashSet<>(ruleNames));
        this.journeyRuleNames = List.copyOf(new LinkedHashSet<>(journeyRuleNames));
    }

    /** Every scenario file under the directory; a missing directory holds no scenarios. */
    public ScenarioSet load(Path dir) {
        if (!Files.isDirectory(dir)) return new ScenarioSet(List.of(), List.of(), List.of());
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path file : SourceFiles.list(dir, ".yaml", ".yml")) {
            try {
                texts.put(SourceFiles.relative(dir, file), Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return load(texts);
    }

    /** Scenario files given as name and text, in the given order. */
    public ScenarioSet load(Map<String, String> files) {
        List<Scenario> scenarios = new ArrayList<>();
        List<ScenarioProblem> problems = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        files.forEach((name, text) -> new FileReader(name, names, problems).read(text, scenarios));
        return new ScenarioSet(scenarios, problems, List.copyOf(files.keySet()));
    }

    /** A key and its value in a YAML mapping. */
    private record Entry(Node key, Node value) {}

    /** Reads one file; collects problems with the scenario they belong to. */
    private final class FileReader {
        private final String file;
        private final Map<String, String> names;
        private final List<ScenarioProblem> problems;
        private String scenario;
        private boolean broken;
        /** Fields an unknown key was taken for ("did you mean"): not reported as missing a second time. */
        private final Set<String> suggested = new java.util.HashSet<>();
        private int reported;

        FileReader(String file, Map<String, String> names, List<ScenarioProblem> problems) {
            this.file = file;
            this.names = names;
            this.problems = problems;
        }

        void read(String text, List<Scenario> scenarios) {
            Node root;
            try {
                root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
            } catch (MarkedYAMLException e) {
                String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
                var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                problems.add(new ScenarioProblem(file, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                        null, null, "not valid YAML: " + e.getProblem() + context));
                return;
            } catch (YAMLException e) {
                problems.add(new ScenarioProblem(file, 0, 0, null, null, "not valid YAML: " + e.getMessage()));
                return;
            }
            if (root == null) return; // an empty file is allowed: no scenarios
            MappingNode top = mapping(root, null, "'scenarios:' with a list of scenarios");
            if (top == null) return;
            Map<String, Entry> fields = fields(top, FILE_KEYS, null);
            Entry list = fields.get("scenarios");
            if (list == null) {
                if (!broken) problem(top, "scenarios", "the file has no 'scenarios:' list");
                return;
            }
            if (!(list.value() instanceof SequenceNode sequence)) {
                problem(list.value(), "scenarios", "must be a list of scenarios, each starting with '- name: ...'");
                return;
            }
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Scenario read = scenario(sequence.getValue().get(i), i);
                if (read != null) scenarios.add(read);
            }
        }

        // ------------------------------------------------------------ scenario and contact

        private Scenario scenario(Node node, int index) {
            scenario = "#" + (index + 1);
            broken = false;
            suggested.clear();
            MappingNode map = mapping(node, null, "a scenario with name, contact and expect");
            if (map == null) return null;
            Node nameNode = map.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name"))
                    .map(NodeTuple::getValueNode).findFirst().orElse(null);
            String name = nameNode == null ? null : text(nameNode, "name");
            if (name != null) {
                scenario = name;
                String first = names.putIfAbsent(name, file + ":" + line(map));
                if (first != null) problem(nameNode, "name", "another scenario has the same name, at " + first + "; give each its own");
            }
            Map<String, Entry> fields = fields(map, SCENARIO_KEYS, null);
            if (nameNode == null) problem(map, "name", "missing name: say who gets what, e.g. 'CEO at intent to purchase gets case studies about image'");
            if (fields.containsKey("account")) return accountScenario(map, name, fields);
            List<ScenarioEvent> events = fields.containsKey("events") ? events(fields.get("events").value(), "events") : List.of();
            boolean withEvents = fields.containsKey("events");
            Contact contact = fields.containsKey("contact") ? contact(fields.get("contact").value(), withEvents, "contact", "scenario")
                    : missing(map, "contact", withEvents ? "the contact's role at least" : "the contact's role and phase at least");
            int top = fields.containsKey("top") ? number(fields.get("top").value(), "top", 1, MAX_TOP, DEFAULT_TOP) : DEFAULT_TOP;
            List<Expectation> expectations = fields.containsKey("expect") ? expect(fields.get("expect"), top, withEvents, contact)
                    : missing(map, "expect", "what the contact must (or must not) get");
            return broken ? null : new Scenario(name, file, line(map), contact, top, expectations, events);
        }

        /** What the contact did, in order; ids are generated where the scenario gives none. */
        private List<ScenarioEvent> events(Node node, String field) {
            if (!(node instanceof SequenceNode sequence)) {
                problem(node, field, "must be a list of events, each like '- {type: download, item: <item id>}'; got " + shown(node));
                return List.of();
            }
            if (sequence.getValue().isEmpty()) {
                problem(node, field, "lists no events; leave 'events:' out or give at least one, e.g. '- {type: content-view, item: <item id>}'");
                return List.of();
            }
            List<ScenarioEvent> out = new ArrayList<>();
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                String path = field + "[" + i + "]";
                Node element = sequence.getValue().get(i);
                MappingNode m = mapping(element, path, "an event with type and, for content, item");
                if (m == null) continue;
                Map<String, Entry> f = fields(m, EVENT_KEYS, path);
                EventType type = f.containsKey("type") ? eventType(f.get("type").value(), path + ".type")
                        : missing(m, path + ".type", "what the contact did, one of " + String.join(", ", EventType.ids()));
                String item = f.containsKey("item") ? itemId(f.get("item").value(), path + ".item") : null;
                if (type != null && type.needsItem() && !f.containsKey("item")) {
                    missing(m, path + ".item", "a " + type.id() + " is about an item; give its id from the catalog");
                }
                String id = f.containsKey("id") ? text(f.get("id").value(), path + ".id") : "e" + (i + 1);
                if (id != null) {
                    Integer first = ids.putIfAbsent(id, line(m));
                    if (first != null) problem(f.containsKey("id") ? f.get("id").value() : m, path + ".id",
                            "another event of this scenario has the id '" + id + "', at line " + first + "; give each its own");
                }
                int daysAgo = f.containsKey("daysAgo") ? number(f.get("daysAgo").value(), path + ".daysAgo", 0, MAX_DAYS_AGO, 0) : 0;
                Instant at = f.containsKey("at") ? time(f.get("at").value(), path + ".at") : null;
                if (f.containsKey("at") && f.containsKey("daysAgo")) {
                    problem(f.get("daysAgo").key(), path + ".daysAgo", "give either at or daysAgo, not both");
                }
                if (type != null && id != null) out.add(new ScenarioEvent(line(m), id, type, item, at, daysAgo));
            }
            return out;
        }

        private EventType eventType(Node node, String path) {
            String value = text(node, path);
            if (value == null) return null;
            return EventType.parse(value).orElseGet(() -> {
                String message = Taxonomy.unknownMessage("event type", value, EventType.ids());
                problem(node, path, message.contains("known:") ? message : message + "; the event types: " + String.join(", ", EventType.ids()));
                return null;
            });
        }

        /** A time such as 2026-11-20T09:30:00Z, or a day (2026-11-20, taken at noon UTC like the check's time). */
        private Instant time(Node node, String path) {
            String value = node instanceof ScalarNode scalar ? scalar.getValue().strip() : null;
            if (value != null) {
                try {
                    return value.length() == 10 ? ScenarioRunner.clockOn(LocalDate.parse(value)).instant() : OffsetDateTime.parse(value).toInstant();
                } catch (DateTimeParseException ignored) {
                    // reported below
                }
            }
            problem(node, path, "must be a day (2026-11-20) or a time with its zone (2026-11-20T09:30:00Z); got " + shown(node));
            return null;
        }

        private Contact contact(Node node, boolean withEvents, String at, String defaultId) {
            MappingNode map = mapping(node, at, "the contact's fields (role, phase, language, ...)");
            if (map == null) return null;
            Map<String, Entry> f = fields(map, CONTACT_KEYS, at);
            String id = f.containsKey("id") ? text(f.get("id").value(), at + ".id") : defaultId;
            String role = f.containsKey("role") ? term(f.get("role").value(), at + ".role", TermKind.ROLE)
                    : missing(map, at + ".role", "a role, e.g. " + String.join(", ", catalog.taxonomy().ids(TermKind.ROLE)));
            // with events, the phase is where the contact starts: non-awareness unless the scenario says otherwise
            JourneyPhase phase = f.containsKey("phase") ? phase(f.get("phase").value(), at + ".phase")
                    : withEvents ? JourneyPhase.NON_AWARENESS
                    : missing(map, at + ".phase", "a journey phase, e.g. " + String.join(", ", JourneyPhase.ids()));
            String language = f.containsKey("language") ? term(f.get("language").value(), at + ".language", TermKind.LANGUAGE) : DEFAULT_LANGUAGE;
            Set<String> concerns = new LinkedHashSet<>(values(valueOf(f, "concerns"), at + ".concerns", "concerns"));
            Set<String> topics = new LinkedHashSet<>(values(valueOf(f, "topics"), at + ".topics", "topics"));
            Set<String> consumed = new LinkedHashSet<>(values(valueOf(f, "consumed"), at + ".consumed", "ids"));
            String account = f.containsKey("account") ? text(f.get("account").value(), at + ".account") : null;
            String industry = f.containsKey("industry") ? text(f.get("industry").value(), at + ".industry") : null;
            LifecycleStatus lifecycle = f.containsKey("lifecycle") ? lifecycle(f.get("lifecycle").value(), at + ".lifecycle") : null;
            Boolean customer = f.containsKey("existingCustomer") ? bool(f.get("existingCustomer").value(), at + ".existingCustomer") : Boolean.FALSE;
            if (broken) return null;
            return new Contact(id, role, concerns, phase, language, consumed, account, industry, topics, lifecycle, customer);
        }

        // ------------------------------------------------------------ account scenarios

        /** A company of several members, each with its events, and what the account rules must make of it. */
        private Scenario accountScenario(MappingNode map, String name, Map<String, Entry> fields) {
            for (String key : List.of("contact", "events", "top")) {
                if (fields.containsKey(key)) {
                    problem(fields.get(key).key(), key, "an account scenario has no '" + key + "' of its own; "
                            + "give each member's contact and events under account.members");
                }
            }
            ScenarioAccount account = account(fields.get("account").value());
            List<Expectation> expectations = fields.containsKey("expect") ? expectAccount(fields.get("expect"), account)
                    : missing(map, "expect", "what the account rules must make of the company, e.g. phase, gaps or missingRoles");
            return broken ? null : new Scenario(name, file, line(map), null, DEFAULT_TOP, expectations, List.of(), account);
        }

        private ScenarioAccount account(Node node) {
            MappingNode map = mapping(node, "account", "the account's id and its members");
            if (map == null) return null;
            Map<String, Entry> f = fields(map, ACCOUNT_KEYS, "account");
            String id = f.containsKey("id") ? text(f.get("id").value(), "account.id") : DEFAULT_ACCOUNT;
            if (!f.containsKey("members")) return missing(map, "account.members", "the colleagues, each like '- contact: {id: anna, role: finance}'");
            Node list = f.get("members").value();
            if (!(list instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
                problem(list, "account.members", "must be a list of at least one member, each like '- contact: {id: anna, role: finance}'; got " + shown(list));
                return null;
            }
            List<ScenarioAccount.Member> members = new ArrayList<>();
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                String path = "account.members[" + i + "]";
                MappingNode m = mapping(sequence.getValue().get(i), path, "a member with contact and, optionally, events");
                if (m == null) continue;
                Map<String, Entry> g = fields(m, MEMBER_KEYS, path);
                List<ScenarioEvent> events = g.containsKey("events") ? events(g.get("events").value(), path + ".events") : List.of();
                Contact contact = g.containsKey("contact") ? contact(g.get("contact").value(), true, path + ".contact", "member-" + (i + 1))
                        : missing(m, path + ".contact", "the member's role at least, e.g. contact: {id: anna, role: finance}");
                if (contact == null) continue;
                Integer first = ids.putIfAbsent(contact.id(), line(m));
                if (first != null) problem(m, path + ".contact.id", "another member has the id '" + contact.id() + "', at line " + first + "; give each its own");
                members.add(new ScenarioAccount.Member(line(m), new Contact(contact.id(), contact.role(), contact.concerns(), contact.phase(),
                        contact.language(), contact.consumed(), id, contact.industry(), contact.topics(), contact.lifecycle(),
                        contact.existingCustomer()), events));
            }
            return id == null ? null : new ScenarioAccount(id, members);
        }

        private List<Expectation> expectAccount(Entry entry, ScenarioAccount account) {
            MappingNode map = mapping(entry.value(), "expect", "expectations such as phase, gaps or missingRoles");
            if (map == null) return List.of();
            int reportedBefore = reported;
            Map<String, Entry> f = fields(map, ACCOUNT_EXPECT_KEYS, "expect");
            if (f.isEmpty()) empty(map, "expect", "expects nothing; write at least one of " + String.join(", ", ACCOUNT_EXPECT_KEYS), reportedBefore);
            Set<String> memberIds = account == null ? Set.of()
                    : account.members().stream().map(m -> m.contact().id()).collect(java.util.stream.Collectors.toSet());
            List<Expectation> out = new ArrayList<>();
            f.forEach((key, e) -> {
                String path = "expect." + key;
                int line = line(e.key());
                switch (key) {
                    case "phase" -> {
                        JourneyPhase phase = phase(e.value(), path);
                        if (phase != null) out.add(new Expectation.AccountPhaseIs(line, phase));
                    }
                    case "status" -> {
                        LifecycleStatus status = lifecycle(e.value(), path);
                        if (status != null) out.add(new Expectation.AccountStatusIs(line, status));
                    }
                    case "score" -> {
                        MappingNode m = mapping(e.value(), path, "a map of atLeast and/or atMost, e.g. {atLeast: 40}");
                        if (m == null) return;
                        Map<String, Entry> g = fields(m, List.of("atLeast", "atMost"), path);
                        Double atLeast = g.containsKey("atLeast") ? decimal(g.get("atLeast").value(), path + ".atLeast") : null;
                        Double atMost = g.containsKey("atMost") ? decimal(g.get("atMost").value(), path + ".atMost") : null;
                        if (g.isEmpty()) problem(m, path, "gives no bound; e.g. {atLeast: 40}");
                        out.add(new Expectation.AccountScoreIs(line, atLeast, atMost));
                    }
                    case "missingRoles" -> out.add(new Expectation.MissingRoles(line, values(e.value(), path, "roles")));
                    case "gaps", "noGaps" -> {
                        List<Node> entries = e.value() instanceof SequenceNode s ? s.getValue() : List.of(e.value());
                        if (entries.isEmpty()) problem(e.value(), path, "lists no gaps; give at least one, e.g. - {kind: missing-role, role: it}");
                        for (int i = 0; i < entries.size(); i++) {
                            String at = e.value() instanceof SequenceNode ? path + "[" + i + "]" : path;
                            Expectation.GapMatch gap = gap(entries.get(i), at, memberIds);
                            if (gap != null) out.add(new Expectation.Gap(line(entries.get(i)), gap, key.equals("gaps")));
                        }
                    }
                    case "seen", "unseen" -> {
                        MappingNode m = mapping(e.value(), path, "a map of role to concerns, e.g. {finance: [roi]}");
                        if (m == null) return;
                        for (NodeTuple tuple : m.getValue()) {
                            String role = term(tuple.getKeyNode(), path, TermKind.ROLE);
                            List<String> concerns = values(tuple.getValueNode(), path + "." + role, "concerns");
                            if (role != null && !concerns.isEmpty()) {
                                out.add(new Expectation.ConcernsSeen(line(tuple.getKeyNode()), role, concerns, key.equals("seen")));
                            }
                        }
                    }
                    default -> throw new IllegalStateException(key);
                }
            });
            return out;
        }

        private Expectation.GapMatch gap(Node node, String path, Set<String> memberIds) {
            MappingNode m = mapping(node, path, "a gap like {kind: unseen-concern, role: finance, concern: roi}");
            if (m == null) return null;
            Map<String, Entry> g = fields(m, GAP_KEYS, path);
            GapKind kind = null;
            if (!g.containsKey("kind")) missing(m, path + ".kind", "one of " + String.join(", ", GapKind.ids()));
            else {
                String value = text(g.get("kind").value(), path + ".kind");
                kind = value == null ? null : GapKind.parse(value).orElse(null);
                if (value != null && kind == null) problem(g.get("kind").value(), path + ".kind", Taxonomy.unknownMessage("gap kind", value, GapKind.ids()));
            }
            String role = g.containsKey("role") ? term(g.get("role").value(), path + ".role", TermKind.ROLE) : null;
            String concern = g.containsKey("concern") ? term(g.get("concern").value(), path + ".concern", TermKind.CONCERN) : null;
            String member = g.containsKey("member") ? text(g.get("member").value(), path + ".member") : null;
            if (member != null && !memberIds.contains(member)) {
                problem(g.get("member").value(), path + ".member", Taxonomy.unknownMessage("member", member, new ArrayList<>(memberIds)));
            }
            return kind == null ? null : new Expectation.GapMatch(kind, role, concern, member);
        }

        // ------------------------------------------------------------ expectations

        private List<Expectation> expect(Entry entry, int top, boolean withEvents, Contact contact) {
            MappingNode map = mapping(entry.value(), "expect", "expectations such as inTop, notRecommended or ruleFired");
            if (map == null) return List.of();
            int reportedBefore = reported;
            Map<String, Entry> f = fields(map, EXPECT_KEYS, "expect");
            List<Expectation> out = new ArrayList<>();
            if (f.isEmpty()) empty(map, "expect", "expects nothing; write at least one of " + String.join(", ", EXPECT_KEYS), reportedBefore);
            f.forEach((key, e) -> {
                String path = "expect." + key;
                int line = line(e.key());
                if (JOURNEY_KEYS.contains(key) && !withEvents) {
                    problem(e.key(), path, "is checked on the state the journey rules infer from events; give the contact's 'events:' "
                            + "(or expect the phase with inTop: {phases: [...]})");
                    return;
                }
                JourneyPhase startPhase = contact == null ? JourneyPhase.NON_AWARENESS : contact.phase();
                switch (key) {
                    case "phase" -> {
                        JourneyPhase phase = phase(e.value(), path);
                        if (phase != null) out.add(new Expectation.PhaseIs(line, phase, startPhase));
                    }
                    case "status" -> {
                        LifecycleStatus status = lifecycle(e.value(), path);
                        if (status != null) out.add(new Expectation.StatusIs(line, status, contact == null ? null : contact.lifecycle()));
                    }
                    case "score" -> {
                        MappingNode m = mapping(e.value(), path, "a map of atLeast and/or atMost, e.g. {atLeast: 40}");
                        if (m == null) return;
                        int before = reported;
                        Map<String, Entry> g = fields(m, List.of("atLeast", "atMost"), path);
                        Double atLeast = g.containsKey("atLeast") ? decimal(g.get("atLeast").value(), path + ".atLeast") : null;
                        Double atMost = g.containsKey("atMost") ? decimal(g.get("atMost").value(), path + ".atMost") : null;
                        if (g.isEmpty()) empty(m, path, "gives no bound; e.g. {atLeast: 40}", before);
                        else if (atLeast != null && atMost != null && atLeast > atMost) {
                            problem(m, path, "atLeast is above atMost: no score can pass");
                        }
                        out.add(new Expectation.ScoreIs(line, atLeast, atMost));
                    }
                    case "consumed" -> {
                        List<String> ids = values(e.value(), path, "ids");
                        if (ids.isEmpty()) empty(e.value(), path, "lists no items; give item ids, e.g. [wp-roi-calculation]", reported);
                        out.add(new Expectation.ConsumedAll(line, ids));
                    }
                    case "phaseChangedBy" -> {
                        String rule = journeyRule(e.value(), path);
                        if (rule != null) out.add(new Expectation.PhaseChangedBy(line, rule, startPhase));
                    }
                    case "inTop" -> {
                        MappingNode m = mapping(e.value(), path, "a map of n and ids, formats, concerns, roles, topics, languages or phases");
                        if (m == null) return;
                        int before = reported;
                        Map<String, Entry> g = fields(m, with("n", FieldMatch.LISTS), path);
                        List<FieldMatch> each = singles(g, path, FieldMatch.LISTS);
                        if (each.isEmpty()) empty(m, path, "lists nothing to look for; give ids, formats, concerns, roles, topics, languages or phases", before);
                        out.add(new Expectation.InTop(line, n(g, path, top), each));
                    }
                    case "notInTop" -> {
                        MappingNode m = mapping(e.value(), path, "a map of n and the ids, formats, concerns, ... that must not be there");
                        if (m == null) return;
                        int before = reported;
                        Map<String, Entry> g = fields(m, with("n", both()), path);
                        List<FieldMatch> none = singles(g, path, both());
                        if (none.isEmpty()) empty(m, path, "lists nothing; give ids, formats, concerns, ... or a flag such as expired: true", before);
                        out.add(new Expectation.NotInTop(line, n(g, path, top), none, key));
                    }
                    case "notRecommended" -> {
                        List<FieldMatch> none;
                        if (e.value() instanceof MappingNode m) {
                            int before = reported;
                            none = singles(fields(m, both(), path), path, both());
                            if (none.isEmpty()) empty(m, path, "lists nothing; give ids, formats, ... or a flag such as expired: true", before);
                        } else {
                            none = values(e.value(), path, "ids").stream().map(id -> new FieldMatch("ids", List.of(id))).toList();
                        }
                        out.add(new Expectation.NotInTop(line, 0, none, key));
                    }
                    case "allInTop" -> {
                        MappingNode m = mapping(e.value(), path, "a map of n and what every item must have");
                        if (m == null) return;
                        int before = reported;
                        Map<String, Entry> g = fields(m, with("n", both()), path);
                        List<FieldMatch> filter = filter(g, path);
                        if (filter.isEmpty()) empty(m, path, "gives no condition; e.g. languages: [de]", before);
                        out.add(new Expectation.AllInTop(line, n(g, path, top), filter));
                    }
                    case "atLeast" -> {
                        List<Node> entries = e.value() instanceof SequenceNode s ? s.getValue() : List.of(e.value());
                        for (int i = 0; i < entries.size(); i++) {
                            String at = e.value() instanceof SequenceNode ? path + "[" + i + "]" : path;
                            MappingNode m = mapping(entries.get(i), at, "a map of count, n and what the items must have");
                            if (m == null) continue;
                            int before = reported;
                            Map<String, Entry> g = fields(m, with("count", with("n", both())), at);
                            int n = n(g, at, top);
                            Integer count = g.containsKey("count") ? Integer.valueOf(number(g.get("count").value(), at + ".count", 1, n, 1))
                                    : missing(m, at + ".count", "how many items (count: 2)");
                            List<FieldMatch> filter = filter(g, at);
                            if (filter.isEmpty()) empty(m, at, "gives no condition; e.g. formats: [case-study]", before);
                            out.add(new Expectation.AtLeast(line(entries.get(i)), n, count == null ? 1 : count, filter));
                        }
                    }
                    case "ruleFired" -> {
                        List<Node> entries = e.value() instanceof SequenceNode s ? s.getValue() : List.of(e.value());
                        for (int i = 0; i < entries.size(); i++) {
                            String at = e.value() instanceof SequenceNode ? path + "[" + i + "]" : path;
                            Node node = entries.get(i);
                            if (node instanceof MappingNode m && m.getValue().stream().noneMatch(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("rule"))) {
                                problem(node, at, "a rule name with ': ' in it must be in quotes, e.g. \"Production: ease of use\"; "
                                        + "or write rule: and item: for a rule that fires for one item");
                                continue;
                            }
                            if (node instanceof MappingNode m) {
                                Map<String, Entry> g = fields(m, List.of("rule", "item", "n"), at);
                                String rule = g.containsKey("rule") ? rule(g.get("rule").value(), at + ".rule") : null;
                                String item = g.containsKey("item") ? itemId(g.get("item").value(), at + ".item") : null;
                                out.add(new Expectation.RuleFired(line(node), n(g, at, top), rule, item));
                            } else {
                                out.add(new Expectation.RuleFired(line(node), top, rule(node, at), null));
                            }
                        }
                    }
                    case "excludedBy" -> {
                        List<Node> entries = e.value() instanceof SequenceNode s ? s.getValue() : List.of(e.value());
                        for (int i = 0; i < entries.size(); i++) {
                            String at = e.value() instanceof SequenceNode ? path + "[" + i + "]" : path;
                            MappingNode m = mapping(entries.get(i), at, "a map of rule and ids");
                            if (m == null) continue;
                            Map<String, Entry> g = fields(m, List.of("rule", "ids"), at);
                            String rule = g.containsKey("rule") ? rule(g.get("rule").value(), at + ".rule") : missing(m, at + ".rule", "the name of the rule");
                            List<String> ids = g.containsKey("ids") ? values(g.get("ids").value(), at + ".ids", "ids") : missing(m, at + ".ids", "the ids of the excluded items");
                            out.add(new Expectation.ExcludedBy(line(entries.get(i)), rule, ids == null ? List.of() : ids));
                        }
                    }
                    default -> throw new IllegalStateException(key);
                }
            });
            return out;
        }

        /** One match per listed value (inTop, notInTop): each value is its own expectation. */
        private List<FieldMatch> singles(Map<String, Entry> fields, String path, List<String> allowed) {
            List<FieldMatch> out = new ArrayList<>();
            fields.forEach((field, e) -> {
                if (!allowed.contains(field)) return;
                if (FieldMatch.FLAGS.contains(field)) {
                    Boolean flag = bool(e.value(), path + "." + field);
                    if (flag != null) out.add(new FieldMatch(field, List.of(flag.toString())));
                } else {
                    for (String value : values(e.value(), path + "." + field, field)) out.add(new FieldMatch(field, List.of(value)));
                }
            });
            return out;
        }

        /** One match per field, any of its values (allInTop, atLeast): an item must match every field. */
        private List<FieldMatch> filter(Map<String, Entry> fields, String path) {
            List<FieldMatch> out = new ArrayList<>();
            fields.forEach((field, e) -> {
                if (FieldMatch.FLAGS.contains(field)) {
                    Boolean flag = bool(e.value(), path + "." + field);
                    if (flag != null) out.add(new FieldMatch(field, List.of(flag.toString())));
                } else if (FieldMatch.LISTS.contains(field)) {
                    List<String> values = values(e.value(), path + "." + field, field);
                    if (!values.isEmpty()) out.add(new FieldMatch(field, values));
                }
            });
            return out;
        }

        private int n(Map<String, Entry> fields, String path, int top) {
            return fields.containsKey("n") ? number(fields.get("n").value(), path + ".n", 1, MAX_TOP, top) : top;
        }

        // ------------------------------------------------------------ values

        /** A list (or one value) of ids, terms or phases, each checked; phases come back as their ids. */
        private List<String> values(Node node, String path, String field) {
            if (node == null) return List.of();
            List<Node> elements;
            if (node instanceof SequenceNode s) elements = s.getValue();
            else if (node instanceof ScalarNode) elements = List.of(node);
            else {
                problem(node, path, "must be a list, e.g. [a, b]");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                String at = node instanceof SequenceNode ? path + "[" + i + "]" : path;
                String value = switch (field) {
                    case "ids" -> itemId(elements.get(i), at);
                    case "phases" -> {
                        JourneyPhase phase = phase(elements.get(i), at);
                        yield phase == null ? null : phase.id();
                    }
                    default -> term(elements.get(i), at, kindOf(field));
                };
                if (value != null) out.add(value);
            }
            return out;
        }

        private String term(Node node, String path, TermKind kind) {
            String value = text(node, path);
            if (value == null) return null;
            if (catalog.taxonomy().knows(kind, value)) return value;
            problem(node, path, catalog.taxonomy().unknownTermMessage(kind, value));
            return null;
        }

        private String itemId(Node node, String path) {
            String value = text(node, path);
            if (value == null) return null;
            if (catalog.contains(value)) return value;
            problem(node, path, Taxonomy.unknownMessage("item id", value, catalog.items().stream().map(ContentItem::id).toList())
                    .replaceFirst("; known: .*", "; it is not in the catalog"));
            return null;
        }

        private String rule(Node node, String path) {
            String value = text(node, path);
            if (value == null || ruleNames.isEmpty() || ruleNames.contains(value)) return value;
            problem(node, path, Taxonomy.unknownMessage("rule", value, ruleNames).replaceFirst("; known: .*", "; no rule has this name"));
            return null;
        }

        private JourneyPhase phase(Node node, String path) {
            String value = text(node, path);
            if (value == null) return null;
            return JourneyPhase.parse(value).orElseGet(() -> {
                problem(node, path, JourneyPhase.unknownMessage(value));
                return null;
            });
        }

        private String journeyRule(Node node, String path) {
            String value = text(node, path);
            if (value == null || journeyRuleNames.isEmpty() || journeyRuleNames.contains(value)) return value;
            problem(node, path, Taxonomy.unknownMessage("journey rule", value, journeyRuleNames).replaceFirst("; known: .*", "; no journey rule has this name"));
            return null;
        }

        private Double decimal(Node node, String path) {
            if (node instanceof ScalarNode scalar && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
                try {
                    return Double.valueOf(scalar.getValue().replace("_", ""));
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            problem(node, path, "must be a number, e.g. 40; got " + shown(node));
            return null;
        }

        private LifecycleStatus lifecycle(Node node, String path) {
            String value = text(node, path);
            if (value == null) return null;
            return LifecycleStatus.parse(value).orElseGet(() -> {
                problem(node, path, Taxonomy.unknownMessage("lifecycle status", value, LifecycleStatus.ids()));
                return null;
            });
        }

        private String text(Node node, String path) {
            if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL) && !scalar.getValue().isBlank()) {
                return scalar.getValue().strip();
            }
            problem(node, path, "must be a text; got " + shown(node));
            return null;
        }

        private int number(Node node, String path, int min, int max, int fallback) {
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
                try {
                    int value = Integer.parseInt(scalar.getValue().replace("_", ""));
                    if (value >= min && value <= max) return value;
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            problem(node, path, "must be a whole number from %d to %d; got %s".formatted(min, max, shown(node)));
            return fallback;
        }

        private Boolean bool(Node node, String path) {
            if (node instanceof ScalarNode scalar) {
                String value = scalar.getValue().strip().toLowerCase(java.util.Locale.ROOT);
                if (YES.contains(value)) return true;
                if (NO.contains(value)) return false;
            }
            problem(node, path, "must be true or false; got " + shown(node));
            return null;
        }

        // ------------------------------------------------------------ structure

        /** The mapping's entries by key; unknown and repeated keys are reported with the nearest known key. */
        private Map<String, Entry> fields(MappingNode map, List<String> known, String path) {
            Map<String, Entry> out = new LinkedHashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    problem(tuple.getKeyNode(), path, "a key must be a plain word such as " + known.get(0));
                    continue;
                }
                String name = key.getValue();
                String field = path == null ? name : path + "." + name;
                if (!known.contains(name)) {
                    problem(key, field, Taxonomy.unknownMessage("field", name, known));
                    Taxonomy.nearest(name, known).ifPresent(n -> suggested.add(path == null ? n : path + "." + n));
                } else if (out.containsKey(name)) {
                    problem(key, field, "'" + name + "' is given twice; the first is at line " + line(out.get(name).key()));
                } else {
                    out.put(name, new Entry(key, tuple.getValueNode()));
                }
            }
            return out;
        }

        private MappingNode mapping(Node node, String path, String what) {
            if (node instanceof MappingNode map) return map;
            problem(node, path, "must be " + what + "; got " + shown(node));
            return null;
        }

        private <T> T missing(Node at, String field, String what) {
            if (suggested.contains(field)) broken = true;
            else problem(at, field, "missing " + field.substring(field.lastIndexOf('.') + 1) + ": " + what);
            return null;
        }

        /** Complains about an empty part only when nothing in it was reported already: no echoes of one mistake. */
        private void empty(Node at, String field, String message, int reportedBefore) {
            if (reported == reportedBefore) problem(at, field, message);
        }

        private void problem(Node at, String field, String message) {
            broken = true;
            reported++;
            problems.add(new ScenarioProblem(file, line(at), at.getStartMark().getColumn() + 1, scenario, field, message));
        }
    }

    private static Node valueOf(Map<String, Entry> fields, String key) {
        Entry entry = fields.get(key);
        return entry == null ? null : entry.value();
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static String shown(Node node) {
        if (node instanceof MappingNode) return "a map";
        if (node instanceof SequenceNode) return "a list";
        if (node instanceof ScalarNode scalar) return scalar.getTag().equals(Tag.NULL) ? "nothing" : "'" + scalar.getValue() + "'";
        return "something else";
    }

    private static TermKind kindOf(String field) {
        return switch (field) {
            case "formats" -> TermKind.FORMAT;
            case "concerns" -> TermKind.CONCERN;
            case "roles" -> TermKind.ROLE;
            case "topics" -> TermKind.TOPIC;
            case "languages" -> TermKind.LANGUAGE;
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static List<String> with(String key, List<String> keys) {
        return Stream.concat(Stream.of(key), keys.stream()).toList();
    }

    private static List<String> both() {
        return Stream.concat(FieldMatch.LISTS.stream(), FieldMatch.FLAGS.stream()).toList();
    }
}
