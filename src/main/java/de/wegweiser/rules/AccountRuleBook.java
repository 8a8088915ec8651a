package de.wegweiser.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.type.FactType;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

/**
 * The compiled account rules ({@code rules/account/*.drl}) and their marketer settings: what makes
 * a complete buying center, how the account's phase, status and engagement score are decided, and
 * what counts as a gap. Evaluating opens a fresh session per call, so callers on many threads share
 * one book safely.
 */
public final class AccountRuleBook {

    /** The declared type that holds the marketer settings. */
    public static final String SETTINGS_TYPE = "AccountSettings";
    /** An account rule matches a member, a role or a concern: far more firings mean a loop. */
    static final int MAX_FIRINGS_PER_RULE = 2_000;

    private final RuleBook book;
    private final FactType settingsType;
    private final AccountSettings settings;
    private final Instant loadedAt;

    private AccountRuleBook(RuleBook book, FactType settingsType, AccountSettings settings, Instant loadedAt) {
        this.book = book;
        this.settingsType = settingsType;
        this.settings = settings;
        this.loadedAt = loadedAt;
    }

    /** No account rules: accounts show their members, and no phase, status or gap is decided. */
    public static AccountRuleBook empty(Instant loadedAt) {
        return new AccountRuleBook(null, null, AccountSettings.NONE, loadedAt);
    }

    static AccountRuleBook of(RuleBook book, Map<String, RuleCompiler.SourceFile> sources, String directory)
            throws RuleCompilationException {
        FactType type = DeclaredSettings.find(book, SETTINGS_TYPE);
        if (type == null) {
            throw new RuleCompilationException(directory, List.of(new RuleProblem(ProblemCode.COMPILE, RuleCompiler.ACCOUNT_DIR, 0, null,
                    "the account rules need their settings: 'declare " + SETTINGS_TYPE + "' with the field "
                            + AccountSettings.ACTIVE_DAYS + " (see account/settings.drl)", null)));
        }
        Map<String, Object> values = DeclaredSettings.values(type);
        Object days = values.get(AccountSettings.ACTIVE_DAYS);
        if (!(days instanceof Integer d && d > 0)) {
            String file = RuleCompiler.ACCOUNT_DIR;
            int line = 0;
            String sourceLine = null;
            for (Map.Entry<String, RuleCompiler.SourceFile> source : sources.entrySet()) {
                int at = source.getValue().lineContaining(days == null ? SETTINGS_TYPE : AccountSettings.ACTIVE_DAYS, 1, 0);
                if (at > 0) {
                    file = source.getKey();
                    line = at;
                    sourceLine = source.getValue().line(at);
                    break;
                }
            }
            String message = days == null
                    ? "%s has no field '%s'; add '%s : int = <days>' (used by the service itself)"
                            .formatted(SETTINGS_TYPE, AccountSettings.ACTIVE_DAYS, AccountSettings.ACTIVE_DAYS)
                    : "'%s' must be a whole number of days above 0, e.g. '%s : int = 30'; got %s"
                            .formatted(AccountSettings.ACTIVE_DAYS, AccountSettings.ACTIVE_DAYS, days);
            throw new RuleCompilationException(directory, List.of(new RuleProblem(ProblemCode.COMPILE, file, line, null, message, sourceLine)));
        }
        return new AccountRuleBook(book, type, new AccountSettings(Duration.ofDays((Integer) days), values), book.loadedAt());
    }

    public boolean isEmpty() { return book == null; }

    /** Content hash of the account rule files; {@code none} without account rules. */
    public String version() { return book == null ? "none" : book.version(); }

    public List<String> files() { return book == null ? List.of() : book.files(); }

    public List<RuleInfo> rules() { return book == null ? List.of() : book.rules(); }

    public Instant loadedAt() { return loadedAt; }

    public AccountSettings settings() { return settings; }

    /**
     * Runs the rules once over the account's facts plus the settings and returns what they said,
     * in firing order.
     *
     * @throws RunawayRuleException when a rule keeps firing
     */
    public List<AccountEffect> evaluate(Collection<?> facts) {
        if (book == null) return List.of();
        KieSession session = book.kieBase().newKieSession();
        Accounts.Journal journal = new Accounts.Journal();
        FiringGuard guard = new FiringGuard(journal::enterRule, session, MAX_FIRINGS_PER_RULE);
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
            Accounts.Journal.unbind();
            session.dispose();
        }
    }
}
