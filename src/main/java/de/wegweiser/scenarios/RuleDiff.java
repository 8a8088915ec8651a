package de.wegweiser.scenarios;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a rule change does to the top N: for each contact, the items that entered or left the top
 * N, moved within it, or kept their place with a different score, between two rule sets on the
 * same catalog and day.
 */
public final class RuleDiff {

    private RuleDiff() {}

    /** A contact to compare, with where it comes from: a scenario's name or a generated label. */
    public record Probe(String label, boolean fromScenario, Contact contact) {}

    public enum Kind { ENTERED, LEFT, MOVED, SCORE }

    /**
     * One item whose place or score changed. Positions count among all candidates (1-based);
     * 0 means it is not a candidate on that side, and {@code excludedBy} says which rule dropped it.
     */
    public record Change(Kind kind, String itemId, String format, int before, int after, double scoreBefore, double scoreAfter,
                         String excludedBefore, String excludedAfter) {}

    /** The top N of one contact before and after, with what changed; no changes means the same list. */
    public record ContactDiff(Probe probe, List<String> before, List<String> after, List<Change> changes) {
        public ContactDiff {
            before = List.copyOf(before);
            after = List.copyOf(after);
            changes = List.copyOf(changes);
        }

        public boolean changed() { return !changes.isEmpty(); }
    }

    public record Result(LocalDate date, int top, List<ContactDiff> contacts) {
        public Result {
            contacts = List.copyOf(contacts);
        }

        public List<ContactDiff> changed() {
            return contacts.stream().filter(ContactDiff::changed).toList();
        }

        public long count(Kind kind) {
            return contacts.stream().flatMap(c -> c.changes().stream()).filter(c -> c.kind() == kind).count();
        }
    }

    /** Every phase x role x language, as a contact who said nothing else about themselves. */
    public static List<Probe> generatedContacts(Taxonomy taxonomy) {
        List<Probe> probes = new ArrayList<>();
        for (JourneyPhase phase : JourneyPhase.values()) {
            for (String role : taxonomy.ids(TermKind.ROLE)) {
                for (String language : taxonomy.ids(TermKind.LANGUAGE)) {
                    String id = "generated-%s-%s-%s".formatted(phase.id(), role, language);
                    probes.add(new Probe(phase.id() + " / " + role + " / " + language, false,
                            new Contact(id, role, Set.of(), phase, language, Set.of(), null, null, Set.of(), null, false)));
                }
            }
        }
        return probes;
    }

    /** The contacts of the scenarios, under the scenarios' names. */
    public static List<Probe> scenarioContacts(List<Scenario> scenarios) {
        return scenarios.stream().filter(s -> !s.isAboutAccount()).map(s -> new Probe(s.name(), true, s.contact())).toList();
    }

    /**
     * What the change from {@code before} to {@code after} does to the top N of every contact worth
     * looking at: each scenario's contact, and a contact for every phase x role x language of
     * {@code after}'s taxonomy. The command line's {@code diff} and the admin API's drafts show this.
     *
     * @param scenarios the scenarios whose contacts to compare (account scenarios have none)
     */
    public static Result overAllContacts(Snapshot before, Snapshot after, List<Scenario> scenarios, int top, LocalDate today) {
        return overAllContacts(new Tops(before, today, top), after, scenarios);
    }

    /** Like {@link #overAllContacts(Snapshot, Snapshot, List, int, LocalDate)}, against top lists that may be known already. */
    public static Result overAllContacts(Tops before, Snapshot after, List<Scenario> scenarios) {
        return compare(before, after, probes(after, scenarios));
    }

    /** Each scenario's contact, then every phase x role x language of the snapshot's taxonomy. */
    public static List<Probe> probes(Snapshot after, List<Scenario> scenarios) {
        List<Probe> probes = new ArrayList<>(scenarioContacts(scenarios));
        probes.addAll(generatedContacts(after.catalog().taxonomy()));
        return probes;
    }

    /**
     * @param before the rules compared against (e.g. the version before an edit)
     * @param after  the rules whose effect is shown (e.g. the edited ones)
     */
    public static Result compare(Snapshot before, Snapshot after, List<Probe> probes, int top, LocalDate today) {
        return compare(new Tops(before, today, top), after, probes);
    }

    /**
     * Compares the top N first, as the service makes it (it evaluates little more than N items);
     * only a contact whose top N differs is evaluated completely on both sides, for the positions,
     * scores and exclusions of what moved. Most contacts of a change keep their list, so this costs
     * a fraction of evaluating every contact completely ({@link #compareCompletely}), with the same
     * result. Contacts are compared in parallel: the evaluators are thread-safe.
     */
    public static Result compare(Tops before, Snapshot after, List<Probe> probes) {
        Tops afterTops = new Tops(after, before.today, before.n);
        List<ContactDiff> diffs = probes.parallelStream().map(probe -> {
            List<Recommendation> was = before.of(probe.contact());
            List<Recommendation> is = afterTops.of(probe.contact());
            if (sameList(was, is)) return new ContactDiff(probe, ids(was), ids(is), List.of());
            return diff(probe, complete(before.snapshot, probe.contact(), before.today), complete(after, probe.contact(), before.today),
                    before.n);
        }).toList();
        return new Result(before.today, before.n, diffs);
    }

    /**
     * The reference {@link #compare} must agree with: every contact evaluated completely on both
     * sides through the {@link ScenarioRunner}, one after the other (tests and the benchmark).
     */
    public static Result compareCompletely(Snapshot before, Snapshot after, List<Probe> probes, int top, LocalDate today) {
        ScenarioRunner oldRules = new ScenarioRunner(before, today);
        ScenarioRunner newRules = new ScenarioRunner(after, today);
        List<ContactDiff> diffs = new ArrayList<>();
        for (Probe probe : probes) {
            diffs.add(diff(probe, oldRules.outcome(probe.contact()), newRules.outcome(probe.contact()), top));
        }
        return new Result(today, top, diffs);
    }

    /**
     * One version's top N per contact on one day, as the service lists them, each computed once:
     * drafts tried on the same live version compare against the same live lists, so they keep one
     * of these for the live side. Thread-safe.
     */
    public static final class Tops {
        /** Enough for the generated contacts and every scenario's, also as a marketer edits scenarios. */
        private static final int KEPT = 10_000;

        private final Snapshot snapshot;
        private final LocalDate today;
        private final int n;
        private final RecommendationService service;
        private final Cache<Contact, List<Recommendation>> known = Caffeine.newBuilder().maximumSize(KEPT).build();

        public Tops(Snapshot snapshot, LocalDate today, int n) {
            this.snapshot = snapshot;
            this.today = today;
            this.n = n;
            this.service = new RecommendationService(snapshot, ScenarioRunner.clockOn(today));
        }

        public Snapshot snapshot() { return snapshot; }

        /** Whether these are the lists of this version, day and N. */
        public boolean isFor(Snapshot version, LocalDate day, int top) {
            return snapshot == version && today.equals(day) && n == top;
        }

        List<Recommendation> of(Contact contact) {
            return known.get(contact, c -> service.recommend(c, n).recommendations());
        }
    }

    /** Same items in the same order with the same scores: {@link #diff} would find no change. */
    private static boolean sameList(List<Recommendation> before, List<Recommendation> after) {
        if (before.size() != after.size()) return false;
        for (int i = 0; i < before.size(); i++) {
            Recommendation was = before.get(i);
            Recommendation is = after.get(i);
            if (!was.item().id().equals(is.item().id()) || was.score() != is.score()) return false;
        }
        return true;
    }

    private static List<String> ids(List<Recommendation> top) {
        return top.stream().map(r -> r.item().id()).toList();
    }

    /**
     * Every candidate in order and every verdict: the outcome's whole ranking comes from one complete
     * evaluation, which its verdicts then use too.
     */
    private static Outcome complete(Snapshot snapshot, Contact contact, LocalDate today) {
        return new ScenarioRunner(snapshot, today).outcome(contact);
    }

    private static ContactDiff diff(Probe probe, Outcome before, Outcome after, int top) {
        List<String> oldTop = before.top(top).stream().map(r -> r.item().id()).toList();
        List<String> newTop = after.top(top).stream().map(r -> r.item().id()).toList();
        Map<String, Recommendation> oldAll = byId(before.ranked());
        Map<String, Recommendation> newAll = byId(after.ranked());
        List<Change> changes = new ArrayList<>();
        for (String id : newTop) {
            int was = before.position(id);
            int is = after.position(id);
            double oldScore = score(oldAll, before, id);
            double newScore = newAll.get(id).score();
            if (!oldTop.contains(id)) {
                changes.add(change(Kind.ENTERED, id, before, after, was, is, oldScore, newScore));
            } else if (was != is) {
                changes.add(change(Kind.MOVED, id, before, after, was, is, oldScore, newScore));
            } else if (oldScore != newScore) {
                changes.add(change(Kind.SCORE, id, before, after, was, is, oldScore, newScore));
            }
        }
        for (String id : oldTop) {
            if (newTop.contains(id)) continue;
            changes.add(change(Kind.LEFT, id, before, after, before.position(id), after.position(id),
                    oldAll.get(id).score(), score(newAll, after, id)));
        }
        return new ContactDiff(probe, oldTop, newTop, changes);
    }

    private static Change change(Kind kind, String id, Outcome before, Outcome after, int was, int is, double oldScore, double newScore) {
        // a catalog change can add or remove the item: its format is on whichever side has it
        String format = after.catalog().item(id).or(() -> before.catalog().item(id)).map(ContentItem::format).orElse(null);
        return new Change(kind, id, format, was, is, oldScore, newScore, exclusion(before, id), exclusion(after, id));
    }

    private static String exclusion(Outcome outcome, String id) {
        if (outcome.catalog().item(id).isEmpty()) return null;
        Verdict verdict = outcome.verdict(id);
        return verdict.isExcluded() ? verdict.exclusion().rule() : null;
    }

    /** The item's score among the candidates; for an excluded item, the points the rules still gave it. */
    private static double score(Map<String, Recommendation> ranked, Outcome outcome, String id) {
        Recommendation r = ranked.get(id);
        return r != null ? r.score() : outcome.verdict(id).score();
    }

    private static Map<String, Recommendation> byId(List<Recommendation> ranked) {
        Map<String, Recommendation> byId = new HashMap<>();
        for (Recommendation r : ranked) byId.put(r.item().id(), r);
        return byId;
    }
}
