package de.wegweiser.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.type.FactType;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

/**
 * The compiled journey rules ({@code rules/journey/*.drl}) and their marketer settings. Evaluating
 * opens a fresh session per call, so callers on many threads share one book safely.
 */
public final class JourneyRuleBook {

    /** The declared type that holds the marketer settings. */
    public static final String SETTINGS_TYPE = "JourneySettings";
    /** A journey rule matches one event, one item and a few counts: far more firings mean a loop. */
    static final int MAX_FIRINGS_PER_RULE = 200;

    private final RuleBook book;
    private final FactType settingsType;
    private final JourneySettings settings;
    private final Instant loadedAt;

    private JourneyRuleBook(RuleBook book, FactType settingsType, JourneySettings settings, Instant loadedAt) {
        this.book = book;
        this.settingsType = settingsType;
        this.settings = settings;
        this.loadedAt = loadedAt;
    }

    /** No journey rules: events are stored, nothing is inferred. */
    public static JourneyRuleBook empty(Instant loadedAt) {
        return new JourneyRuleBook(null, null, JourneySettings.NONE, loadedAt);
    }

    /** Reads and checks the settings of a compiled journey rule set. */
    static JourneyRuleBook of(RuleBook book, Map<String, RuleCompiler.SourceFile> sources, String directory)
            throws RuleCompilationException {
        FactType type = DeclaredSettings.find(book, SETTINGS_TYPE);
        if (type == null) {
            throw new RuleCompilationException(directory, List.of(new RuleProblem(ProblemCode.COMPILE, RuleCompiler.JOURNEY_DIR, 0, null,
                    "the journey rules need their settings: 'declare " + SETTINGS_TYPE + "' with the fields "
                            + JourneySettings.SCORE_HALF_LIFE_DAYS + " and " + JourneySettings.BUYING_CENTER_DAYS
                            + " (see journey/settings.drl)", null)));
        }
        Map<String, Object> values = DeclaredSettings.values(type);
        List<RuleProblem> problems = new ArrayList<>();
        int halfLife = positiveDays(values, JourneySettings.SCORE_HALF_LIFE_DAYS, sources, problems);
        int window = positiveDays(values, JourneySettings.BUYING_CENTER_DAYS, sources, problems);
        if (!problems.isEmpty()) throw new RuleCompilationException(directory, problems);
        JourneySettings settings = new JourneySettings(Duration.ofDays(halfLife), Duration.ofDays(window), values);
        return new JourneyRuleBook(book, type, settings, book.loadedAt());
    }

    private static int positiveDays(Map<String, Object> values, String field, Map<String, RuleCompiler.SourceFile> sources,
                                    List<RuleProblem> problems) {
        Object value = values.get(field);
        if (value instanceof Integer days && days > 0) return days;
        String file = RuleCompiler.JOURNEY_DIR;
        int line = 0;
        String sourceLine = null;
        for (Map.Entry<String, RuleCompiler.SourceFile> source : sources.entrySet()) {
            int at = source.getValue().lineContaining(value == null ? SETTINGS_TYPE : field, 1, 0);
            if (at > 0) {
                file = source.getKey();
                line = at;
                sourceLine = source.getValue().line(at);
                break;
            }
        }
        String message = value == null
                ? "%s has no field '%s'; add '%s : int = <days>' (used by the service itself)".formatted(SETTINGS_TYPE, field, field)
                : "'%s' must be a whole number of days above 0, e.g. '%s : int = 30'; got %s".formatted(field, field, value);
        problems.add(new RuleProblem(ProblemCode.COMPILE, file, line, null, message, sourceLine));
        return 1;
    }

    public boolean isEmpty() { return book == null; }

    /** Content hash of the journey rule files; {@code none} without journey rules. */
    public String version() { return book == null ? "none" : book.version(); }

    public List<String> files() { return book == null ? List.of() : book.files(); }

    public List<RuleInfo> rules() { return book == null ? List.of() : book.rules(); }

    public Instant loadedAt() { return loadedAt; }

    public JourneySettings settings() { return settings; }

    /** The journey rules with a condition on the fact type (e.g. {@code BuyingCenter}: the account's say in the contact's journey). */
    public java.util.Set<String> rulesJoining(Class<?> factType) {
        return book == null ? java.util.Set.of() : book.rulesJoining(factType);
    }

    /**
     * Runs the rules once over the given facts (the contact, the event and what is known about
     * them) plus the settings, and returns what they said, in firing order.
     *
     * @throws RunawayRuleException when a rule keeps firing
     */
    public List<JourneyEffect> evaluate(Collection<?> facts) {
        if (book == null) return List.of();
        KieSession session = book.kieBase().newKieSession();
        Journal journal = new Journal();
        FiringGuard guard =
                new FiringGuard(journal::enterRule, session, MAX_FIRINGS_PER_RULE);
        try {
            session.addEventListener((AgendaEventListener) guard);
            session.addEventListener((RuleRuntimeEventListener) guard);
            for (Object fact : facts) session.insert(fact);
            session.insert(DeclaredSettings.newInstance(settingsType));
            journal.bind();
            session.fireAllRules(MAX_FIRINGS_PER_RULE * Math.max(1, book.rules().size()));
            guard.throwIfRunaway();
            return journal.effects();
        } finally {
            Journal.unbind();
            session.dispose();
        }
    }
}
