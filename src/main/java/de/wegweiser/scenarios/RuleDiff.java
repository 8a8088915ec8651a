package de.wegweiser.scenarios;

import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import de.wegweiser.recommend.Recommendation;
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
        List<Probe> probes = new ArrayList<>(scenarioContacts(scenarios));
        probes.addAll(generatedContacts(after.catalog().taxonomy()));
        return compare(before, after, probes, top, today);
    }

    /**
     * @param before the rules compared against (e.g. the version before an edit)
     * @param after  the rules whose effect is shown (e.g. the edited ones)
     */
    public static Result compare(Snapshot before, Snapshot after, List<Probe> probes, int top, LocalDate today) {
        ScenarioRunner oldRules = new ScenarioRunner(before, today);
        ScenarioRunner newRules = new ScenarioRunner(after, today);
        List<ContactDiff> diffs = new ArrayList<>();
        for (Probe probe : probes) {
            diffs.add(diff(probe, oldRules.outcome(probe.contact()), newRules.outcome(probe.contact()), top));
        }
        return new Result(today, top, diffs);
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
