package de.wegweiser.scenarios;

import de.wegweiser.accounts.AccountAssessment;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.GapKind;
import de.wegweiser.domain.JourneyChange;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.RoleCoverage;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.rules.AccountEffect;
import de.wegweiser.rules.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One thing a scenario expects of a contact's recommendations. Each kind is written under its own
 * key of {@code expect:} in a scenario file (see {@code rules/scenarios/README.md}).
 */
public sealed interface Expectation {

    /** The line of the scenario file it was written on. */
    int line();

    /** The key it was written under, e.g. {@code inTop}. */
    String key();

    /** What it expects, in words. */
    String describe();

    /** Why it does not hold for the outcome, one sentence per reason; empty when it holds. */
    List<String> failures(Outcome outcome);

    /** Every listed id is in the top n, and every listed format, concern, ... is carried by some item there. */
    record InTop(int line, int n, List<FieldMatch> each) implements Expectation {
        public String key() { return "inTop"; }

        public String describe() {
            return "an item " + each.stream().map(FieldMatch::describe).collect(Collectors.joining(", an item ")) + " in the top " + n;
        }

        public List<String> failures(Outcome outcome) {
            List<String> failures = new ArrayList<>();
            List<Recommendation> top = outcome.top(n);
            for (FieldMatch match : each) {
                if (match.field().equals("ids")) {
                    String id = match.values().get(0);
                    int position = outcome.position(id);
                    if (position == 0 || position > n) {
                        failures.add("expected item '%s' in the top %d, but %s".formatted(id, n, outcome.whereIs(id)));
                    }
                } else if (top.stream().noneMatch(r -> match.test(r.item(), outcome.contact(), outcome.today()))) {
                    String elsewhere = outcome.ranked().stream()
                            .filter(r -> match.test(r.item(), outcome.contact(), outcome.today())).findFirst()
                            .map(r -> "the first is at position " + outcome.position(r.item().id()) + ": " + Outcome.brief(r))
                            .orElse("no candidate has it");
                    failures.add("expected an item %s in the top %d, but there is none (%s); the top %d: %s"
                            .formatted(match.describe(), n, elsewhere, n, outcome.describeTop(n)));
                }
            }
            return failures;
        }
    }

    /** No item in the top n (or anywhere, when n is 0) is a listed id or has a listed format, concern, ... or flag. */
    record NotInTop(int line, int n, List<FieldMatch> none, String key) implements Expectation {
        public String describe() {
            return "no item " + none.stream().map(FieldMatch::describe).collect(Collectors.joining(", no item "))
                    + (n == 0 ? " at any position" : " in the top " + n);
        }

        public List<String> failures(Outcome outcome) {
            List<String> failures = new ArrayList<>();
            String where = n == 0 ? "at any position" : "in the top " + n;
            for (FieldMatch match : none) {
                List<String> offenders = new ArrayList<>();
                List<Recommendation> scope = n == 0
                        ? outcome.candidatesAmong(item -> match.test(item, outcome.contact(), outcome.today())) : outcome.top(n);
                for (Recommendation r : scope) {
                    if (match.test(r.item(), outcome.contact(), outcome.today())) {
                        offenders.add(outcome.position(r.item().id()) + ". " + Outcome.brief(r) + " with reasons: " + Outcome.reasons(r.reasons()));
                    }
                }
                if (!offenders.isEmpty()) {
                    String shown = offenders.stream().limit(3).collect(Collectors.joining("; "))
                            + (offenders.size() > 3 ? "; and " + (offenders.size() - 3) + " more" : "");
                    failures.add("expected no item %s %s, but found %d: %s".formatted(match.describe(), where, offenders.size(), shown));
                }
            }
            return failures;
        }
    }

    /** Every item of the top n matches the filter. */
    record AllInTop(int line, int n, List<FieldMatch> filter) implements Expectation {
        public String key() { return "allInTop"; }

        public String describe() {
            return "every item in the top " + n + " " + FieldMatch.describe(filter);
        }

        public List<String> failures(Outcome outcome) {
            List<String> offenders = new ArrayList<>();
            List<Recommendation> top = outcome.top(n);
            for (int i = 0; i < top.size(); i++) {
                if (!FieldMatch.all(filter, top.get(i).item(), outcome.contact(), outcome.today())) {
                    offenders.add((i + 1) + ". " + Outcome.brief(top.get(i)));
                }
            }
            if (offenders.isEmpty()) return List.of();
            return List.of("expected every item in the top %d %s, but %s %s not".formatted(
                    n, FieldMatch.describe(filter), String.join(", ", offenders), offenders.size() == 1 ? "does" : "do"));
        }
    }

    /** At least count items of the top n match the filter. */
    record AtLeast(int line, int n, int count, List<FieldMatch> filter) implements Expectation {
        public String key() { return "atLeast"; }

        public String describe() {
            return "at least " + count + " items " + FieldMatch.describe(filter) + " in the top " + n;
        }

        public List<String> failures(Outcome outcome) {
            List<String> matching = outcome.top(n).stream()
                    .filter(r -> FieldMatch.all(filter, r.item(), outcome.contact(), outcome.today()))
                    .map(r -> r.item().id()).toList();
            if (matching.size() >= count) return List.of();
            return List.of("expected at least %d items %s in the top %d, but found %d%s; the top %d: %s".formatted(
                    count, FieldMatch.describe(filter), n, matching.size(),
                    matching.isEmpty() ? "" : " (" + String.join(", ", matching) + ")", n, outcome.describeTop(n)));
        }
    }

    /** The rule gave a reason for some item in the top n, or said something about the given item. */
    record RuleFired(int line, int n, String rule, String item) implements Expectation {
        public String key() { return "ruleFired"; }

        public String describe() {
            return "rule \"" + rule + "\" fires for " + (item != null ? "item '" + item + "'" : "an item in the top " + n);
        }

        public List<String> failures(Outcome outcome) {
            if (item != null) {
                List<String> rules = outcome.rulesFor(item);
                if (rules.contains(rule)) return List.of();
                return List.of("expected rule \"%s\" to fire for item '%s', but it did not; the rules that did: %s"
                        .formatted(rule, item, rules.isEmpty() ? "none" : String.join(", ", rules)));
            }
            boolean firedInTop = outcome.top(n).stream().anyMatch(r -> r.reasons().stream().anyMatch(reason -> reason.rule().equals(rule)));
            if (firedInTop) return List.of();
            long elsewhere = outcome.catalog().items().stream().map(ContentItem::id)
                    .filter(id -> outcome.rulesFor(id).contains(rule)).count();
            String best = outcome.ranked().stream()
                    .filter(r -> r.reasons().stream().anyMatch(reason -> reason.rule().equals(rule))).findFirst()
                    .map(r -> ", the best of them at position " + outcome.position(r.item().id()) + ": " + Outcome.brief(r))
                    .orElse("");
            String fired = elsewhere == 0 ? "no item at all" : "none of them (it fired for " + elsewhere + " other items" + best + ")";
            return List.of("expected rule \"%s\" to fire for an item in the top %d, but it fired for %s; the top %d: %s"
                    .formatted(rule, n, fired, n, outcome.describeTop(n)));
        }
    }

    /** Each item was dropped, and this rule is the one that dropped it. */
    record ExcludedBy(int line, String rule, List<String> ids) implements Expectation {
        public ExcludedBy {
            ids = List.copyOf(ids);
        }

        public String key() { return "excludedBy"; }

        public String describe() {
            return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ")) + " excluded by rule \"" + rule + "\"";
        }

        public List<String> failures(Outcome outcome) {
            List<String> failures = new ArrayList<>();
            for (String id : ids) {
                Verdict verdict = outcome.verdict(id);
                if (verdict.isExcluded() && verdict.exclusion().rule().equals(rule)) continue;
                failures.add(verdict.isExcluded()
                        ? "expected item '%s' to be excluded by rule \"%s\", but rule \"%s\" excluded it".formatted(id, rule, verdict.exclusion().rule())
                        : "expected item '%s' to be excluded by rule \"%s\", but it was not excluded: %s".formatted(id, rule, outcome.whereIs(id)));
            }
            return failures;
        }
    }

    // ---------------------------------------------------------------- after the events (journey inference)

    /** What the journey rules inferred from the scenario's events; null when it has none (the loader prevents that). */
    private static InferredJourney journey(Outcome outcome) {
        if (outcome.journey() == null) throw new IllegalStateException("expectations on the journey need events");
        return outcome.journey();
    }

    /** After the events the contact is in this phase. */
    record PhaseIs(int line, JourneyPhase phase, JourneyPhase start) implements Expectation {
        public String key() { return "phase"; }

        public String describe() { return "the contact is in phase '" + phase.id() + "' after the events"; }

        public List<String> failures(Outcome outcome) {
            InferredJourney journey = journey(outcome);
            if (journey.state().phase() == phase) return List.of();
            return List.of("expected phase '%s' after the events, but the contact is in '%s'; the phases: %s"
                    .formatted(phase.id(), journey.state().phase().id(), journey.phaseHistory(start)));
        }
    }

    /** After the events the contact has this lifecycle status. */
    record StatusIs(int line, LifecycleStatus status, LifecycleStatus start) implements Expectation {
        public String key() { return "status"; }

        public String describe() { return "the contact has status '" + status.id() + "' after the events"; }

        public List<String> failures(Outcome outcome) {
            InferredJourney journey = journey(outcome);
            LifecycleStatus actual = journey.state().lifecycle();
            if (actual == status) return List.of();
            return List.of("expected status '%s' after the events, but the contact has %s (lead score %s); the statuses: %s"
                    .formatted(status.id(), actual == null ? "no status" : "'" + actual.id() + "'", ScoreIs.format(journey.score()),
                            journey.history(JourneyChange.Kind.STATUS, start == null ? "no status" : start.id())));
        }
    }

    /** After the events the lead score (at the check's time) lies within the bounds; a null bound is open. */
    record ScoreIs(int line, Double atLeast, Double atMost) implements Expectation {
        public String key() { return "score"; }

        public String describe() {
            return "a lead score" + (atLeast == null ? "" : " of at least " + format(atLeast)) + (atLeast != null && atMost != null ? " and" : "")
                    + (atMost == null ? "" : " of at most " + format(atMost)) + " after the events";
        }

        public List<String> failures(Outcome outcome) {
            InferredJourney journey = journey(outcome);
            double score = journey.score();
            boolean low = atLeast != null && score < atLeast;
            boolean high = atMost != null && score > atMost;
            if (!low && !high) return List.of();
            String points = journey.changes().stream().filter(c -> c.kind() == JourneyChange.Kind.SCORE)
                    .map(c -> "+" + format(c.points()) + " \"" + c.rule() + "\" (event " + c.eventId() + ")").collect(Collectors.joining(", "));
            return List.of("expected %s, but it is %s; the points: %s".formatted(describe().replace(" after the events", ""), format(score),
                    points.isEmpty() ? "none" : points));
        }

        static String format(double value) {
            double rounded = Math.round(value * 10) / 10.0;
            return rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
        }
    }

    /** After the events the contact has consumed every listed item. */
    record ConsumedAll(int line, List<String> ids) implements Expectation {
        public ConsumedAll {
            ids = List.copyOf(ids);
        }

        public String key() { return "consumed"; }

        public String describe() { return "the contact consumed " + String.join(", ", ids) + " after the events"; }

        public List<String> failures(Outcome outcome) {
            InferredJourney journey = journey(outcome);
            List<String> missing = ids.stream().filter(id -> !journey.consumed().contains(id)).toList();
            if (missing.isEmpty()) return List.of();
            return List.of("expected the contact to have consumed %s after the events, but it did not; consumed: %s"
                    .formatted(missing.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ")),
                            journey.consumed().isEmpty() ? "nothing" : String.join(", ", new java.util.TreeSet<>(journey.consumed()))));
        }
    }

    /** One of the events moved the contact's phase by this journey rule. */
    record PhaseChangedBy(int line, String rule, JourneyPhase start) implements Expectation {
        public String key() { return "phaseChangedBy"; }

        public String describe() { return "journey rule \"" + rule + "\" moves the contact's phase"; }

        public List<String> failures(Outcome outcome) {
            InferredJourney journey = journey(outcome);
            boolean moved = journey.changes().stream().anyMatch(c -> c.kind() == JourneyChange.Kind.PHASE && c.rule().equals(rule));
            if (moved) return List.of();
            return List.of("expected journey rule \"%s\" to move the contact's phase, but it did not; the phases: %s"
                    .formatted(rule, journey.phaseHistory(start)));
        }
    }

    // ------------------------------------------------------------ account scenarios

    private static AccountAssessment account(Outcome outcome) {
        if (outcome.account() == null) throw new IllegalStateException("an account expectation needs an account scenario");
        return outcome.account();
    }

    /** The members as the account rules saw them, for a failure message. */
    private static String members(AccountAssessment account) {
        return account.members().stream().map(m -> m.id() + " (" + m.contact().profile().role() + ", " + m.contact().state().phase().id()
                + (m.active() ? ", active" : ", not active") + ")").collect(Collectors.joining(", "));
    }

    private static String gaps(AccountAssessment account) {
        if (account.gaps().isEmpty()) return "no gaps";
        return account.gaps().stream().map(GapMatch::describe).collect(Collectors.joining("; "));
    }

    /** The account rules put the company in this phase. */
    record AccountPhaseIs(int line, JourneyPhase phase) implements Expectation {
        public String key() { return "phase"; }

        public String describe() { return "the account is in phase '" + phase.id() + "'"; }

        public List<String> failures(Outcome outcome) {
            AccountAssessment account = account(outcome);
            AccountAssessment.Decision<JourneyPhase> actual = account.phase();
            if (actual != null && actual.value() == phase) return List.of();
            return List.of("expected the account in phase '%s', but %s; the members: %s".formatted(phase.id(),
                    actual == null ? "no account rule decided a phase" : "it is in '" + actual.value().id() + "' (rule \"" + actual.rule() + "\")",
                    members(account)));
        }
    }

    /** The account rules give the company this lifecycle status. */
    record AccountStatusIs(int line, LifecycleStatus status) implements Expectation {
        public String key() { return "status"; }

        public String describe() { return "the account has status '" + status.id() + "'"; }

        public List<String> failures(Outcome outcome) {
            AccountAssessment.Decision<LifecycleStatus> actual = account(outcome).status();
            if (actual != null && actual.value() == status) return List.of();
            return List.of("expected the account to have status '%s', but %s".formatted(status.id(),
                    actual == null ? "no account rule decided a status" : "it has '" + actual.value().id() + "' (rule \"" + actual.rule() + "\")"));
        }
    }

    /** The account's engagement score lies within the bounds; a null bound is open. */
    record AccountScoreIs(int line, Double atLeast, Double atMost) implements Expectation {
        public String key() { return "score"; }

        public String describe() { return new ScoreIs(line, atLeast, atMost).describe().replace("a lead score", "an account score").replace(" after the events", ""); }

        public List<String> failures(Outcome outcome) {
            AccountAssessment account = account(outcome);
            double score = account.score();
            if ((atLeast == null || score >= atLeast) && (atMost == null || score <= atMost)) return List.of();
            String each = account.members().stream().map(m -> m.id() + " " + ScoreIs.format(m.leadScore())).collect(Collectors.joining(", "));
            String method = account.scoreMethod() == null ? "summed" : account.scoreMethod().value().id() + " (rule \"" + account.scoreMethod().rule() + "\")";
            return List.of("expected %s, but it is %s; the members' lead scores: %s, combined: %s".formatted(describe(), ScoreIs.format(score), each, method));
        }
    }

    /** Exactly these roles of the buying center have no member; an empty list: none is missing. */
    record MissingRoles(int line, List<String> roles) implements Expectation {
        public MissingRoles {
            roles = List.copyOf(roles);
        }

        public String key() { return "missingRoles"; }

        public String describe() { return roles.isEmpty() ? "no role of the buying center is missing" : "the roles missing are " + String.join(", ", roles); }

        public List<String> failures(Outcome outcome) {
            Set<String> actual = account(outcome).account().missingRoles();
            if (actual.equals(Set.copyOf(roles))) return List.of();
            return List.of("expected %s, but %s".formatted(describe(),
                    actual.isEmpty() ? "no role is missing" : "the missing roles are " + String.join(", ", new java.util.TreeSet<>(actual))));
        }
    }

    /** A gap described by its kind and, where given, role, concern and member. */
    record GapMatch(GapKind kind, String role, String concern, String member) {
        boolean test(AccountEffect.Gap gap) {
            return gap.kind() == kind && (role == null || role.equals(gap.role())) && (concern == null || concern.equals(gap.concern()))
                    && (member == null || member.equals(gap.contactId()));
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (role != null) parts.add("role " + role);
            if (concern != null) parts.add("concern " + concern);
            if (member != null) parts.add("member " + member);
            return kind.id() + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
        }

        static String describe(AccountEffect.Gap gap) {
            return new GapMatch(gap.kind(), gap.role(), gap.concern(), gap.contactId()).describe();
        }
    }

    /** The account rules report (or, with {@code present} false, do not report) a gap like this. */
    record Gap(int line, GapMatch gap, boolean present) implements Expectation {
        public String key() { return present ? "gaps" : "noGaps"; }

        public String describe() { return (present ? "a gap " : "no gap ") + gap.describe(); }

        public List<String> failures(Outcome outcome) {
            AccountAssessment account = account(outcome);
            boolean found = account.gaps().stream().anyMatch(gap::test);
            if (found == present) return List.of();
            return List.of("expected %s, but %s; the gaps: %s".formatted(describe(), present ? "there is none" : "there is", gaps(account)));
        }
    }

    /** The members of a role have (or, with {@code seen} false, have not) seen content on each concern. */
    record ConcernsSeen(int line, String role, List<String> concerns, boolean seen) implements Expectation {
        public ConcernsSeen {
            concerns = List.copyOf(concerns);
        }

        public String key() { return seen ? "seen" : "unseen"; }

        public String describe() { return role + (seen ? " has seen content on " : " has seen nothing on ") + String.join(", ", concerns); }

        public List<String> failures(Outcome outcome) {
            RoleCoverage coverage = account(outcome).coverage().stream().filter(c -> c.role().equals(role)).findFirst().orElse(null);
            Set<String> actual = coverage == null ? Set.of() : coverage.seenConcerns();
            List<String> wrong = concerns.stream().filter(c -> actual.contains(c) != seen).toList();
            if (wrong.isEmpty()) return List.of();
            String members = coverage == null ? "no member has the role" : coverage.members() + " member(s) with the role";
            return List.of("expected that %s, but not for %s; %s, seen: %s".formatted(describe(), String.join(", ", wrong), members,
                    actual.isEmpty() ? "nothing" : String.join(", ", new java.util.TreeSet<>(actual))));
        }
    }
}
