package de.wegweiser.rules.check;

import de.wegweiser.domain.Account;
import de.wegweiser.domain.AccountMember;
import de.wegweiser.domain.BuyingCenter;
import de.wegweiser.domain.ConcernCoverage;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Event;
import de.wegweiser.domain.EventCount;
import de.wegweiser.domain.EventType;
import de.wegweiser.domain.Exposure;
import de.wegweiser.domain.FunnelStage;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.JourneySide;
import de.wegweiser.domain.LeadScore;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.PhaseActivity;
import de.wegweiser.domain.PhaseReach;
import de.wegweiser.domain.RoleCoverage;
import de.wegweiser.domain.ScoreMethod;
import de.wegweiser.domain.Today;
import de.wegweiser.rules.Accounts;
import de.wegweiser.rules.Journey;
import de.wegweiser.rules.Scoring;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one kind of rule file may use: its package, the fact types with the fields and
 * methods rules may read, the enum constants, and the helpers. This is the allowlist of the safety
 * check; what is not named here a rule cannot reach, whatever the spelling.
 *
 * <p>Each fact's members are named one by one (not "all public methods"), so a method added to a
 * domain type for Java's sake does not become part of the rule language by accident.
 */
public final class Vocabulary {

    private static final String[] CONTACT = {"id", "role", "concerns", "phase", "language", "consumed", "account",
            "industry", "topics", "lifecycle", "existingCustomer", "isCustomer", "nextPhase", "isProspect", "hasConsumed",
            "lifecycleBefore"};
    private static final String[] CONTENT_ITEM = {"id", "title", "summary", "url", "format", "language", "phases", "roles",
            "concerns", "topics", "published", "expires", "eventDate", "gated", "durationMinutes", "isCustomerOnly",
            "isTopOfFunnelOnly", "isForCustomers", "isOnlyBefore", "isExpiredOn", "isPastEventOn", "isUpcomingWithin",
            "isPublishedWithin"};

    private static final String[] ACCOUNT_FIELDS = {"id", "members", "activeMembers", "phase", "status", "roles", "missingRoles",
            "coveredConcerns", "missingConcerns", "isCustomer", "isComplete", "misses", "lacksRole", "phaseBefore"};

    /**
     * Recommendation rules ({@code rules/*.drl}): contact, item and day in, and the contact's account
     * when it has one (a stored contact of an account); recommend, exclude, fallback out.
     */
    public static final Vocabulary RECOMMENDATION = new Builder("wegweiser.rules")
            .fact(Contact.class, CONTACT)
            .fact(ContentItem.class, CONTENT_ITEM)
            .fact(Today.class, "date")
            .fact(Account.class, ACCOUNT_FIELDS)
            .journeyEnums()
            .actions(Scoring.class, "recommend", "exclude", "fallback")
            .values(Scoring.class, "label")
            .build();

    /**
     * Account rules ({@code rules/account/*.drl}): an account's members, how far each phase is
     * reached and what each role has seen in; the buying center it needs, its phase, status, score
     * method and gaps out.
     */
    public static final Vocabulary ACCOUNT = new Builder("wegweiser.account")
            .fact(Account.class, ACCOUNT_FIELDS)
            .fact(AccountMember.class, "contactId", "role", "concerns", "phase", "lifecycle", "leadScore", "active",
                    "seenConcerns", "isCustomer", "hasSeen")
            .fact(PhaseReach.class, "phase", "members", "activeMembers")
            .fact(RoleCoverage.class, "role", "members", "concerns", "seenConcerns", "missingConcerns")
            .fact(ConcernCoverage.class, "role", "concern", "members", "seen")
            .enumType(ScoreMethod.class, "id")
            .journeyEnums()
            .actions(Accounts.class, "needsRole", "decidePhase", "decideStatus", "combineScores", "roleMissing",
                    "concernUnseen", "memberBehind")
            .settings("AccountSettings")
            .build();

    /** Journey rules ({@code rules/journey/*.drl}): a contact's events in; phase, status, score and pauses out. */
    public static final Vocabulary JOURNEY = new Builder("wegweiser.journey")
            .fact(Contact.class, CONTACT)
            .fact(ContentItem.class, CONTENT_ITEM)
            .fact(Event.class, "id", "type", "at", "itemId", "channel")
            .fact(EventCount.class, "type", "count")
            .fact(Exposure.class, "itemId", "impressionsWithoutClick", "pausedUntil")
            .fact(LeadScore.class, "value")
            .fact(PhaseActivity.class, "phase", "engagements")
            .fact(BuyingCenter.class, "account", "activeMembers")
            .enumType(EventType.class, "id", "isEngagement")
            .journeyEnums()
            .actions(Journey.class, "moveToPhase", "setStatus", "addScore", "markConsumed", "pauseItem")
            .settings("JourneySettings")
            .build();

    private final String packageName;
    private final Map<String, FactType> facts;
    private final Map<String, Helper> helpers;
    private final Set<String> settings;

    private Vocabulary(String packageName, Map<String, FactType> facts, Map<String, Helper> helpers, Set<String> settings) {
        this.packageName = packageName;
        this.facts = facts;
        this.helpers = helpers;
        this.settings = settings;
    }

    /** The package every file of this kind declares. */
    public String packageName() { return packageName; }

    /** Fact and enum types by simple name. */
    Map<String, FactType> facts() { return facts; }

    Optional<FactType> fact(String simpleName) { return Optional.ofNullable(facts.get(simpleName)); }

    Optional<Helper> helper(String name) { return Optional.ofNullable(helpers.get(name)); }

    Collection<Helper> helpers() { return helpers.values(); }

    /** Names of the settings types a file may declare ({@code declare JourneySettings ... end}). */
    Set<String> settings() { return settings; }

    /** The imports a file may have: the fact types by their full name. */
    boolean importable(String className) {
        return facts.values().stream().anyMatch(f -> f.javaClass() != null && f.javaClass().getName().equals(className));
    }

    /** The function imports a file may have: {@code de.wegweiser.rules.Scoring.recommend}. */
    boolean importableFunction(String qualifiedName) {
        return helpers.values().stream().anyMatch(h -> h.qualifiedName().equals(qualifiedName));
    }

    /** A fact type by its name in a DRL pattern: simple, or fully qualified as in an import. */
    Optional<FactType> factNamed(String name) {
        if (!name.contains(".")) return fact(name);
        return facts.values().stream().filter(f -> f.javaClass() != null && f.javaClass().getName().equals(name)).findFirst();
    }

    List<String> actionNames() {
        return helpers.values().stream().filter(Helper::action).map(Helper::name).toList();
    }

    /** A helper: a static method rules call by its simple name, as an action after {@code then} or as a value. */
    record Helper(String name, String qualifiedName, boolean action, List<Member> overloads) {}

    private static final class Builder {
        private final String packageName;
        private final Map<Class<?>, List<String>> members = new LinkedHashMap<>();
        private final Map<String, Class<?>> helperClasses = new LinkedHashMap<>();
        private final Set<String> actionNames = new LinkedHashSet<>();
        private final Set<String> settings = new LinkedHashSet<>();

        Builder(String packageName) {
            this.packageName = packageName;
        }

        Builder fact(Class<?> type, String... names) {
            members.put(type, List.of(names));
            return this;
        }

        Builder enumType(Class<? extends Enum<?>> type, String... names) {
            return fact(type, names);
        }

        /** Phases, statuses and the stage and side of a phase: every kind of rule file speaks of them. */
        Builder journeyEnums() {
            return enumType(JourneyPhase.class, "id", "stage", "side", "number", "isCustomerJourney", "isTopOfFunnel",
                    "label", "next", "isBefore")
                    .enumType(LifecycleStatus.class, "id", "isBefore")
                    .enumType(FunnelStage.class)
                    .enumType(JourneySide.class);
        }

        Builder actions(Class<?> type, String... names) {
            for (String name : names) {
                helperClasses.put(name, type);
                actionNames.add(name);
            }
            return this;
        }

        Builder values(Class<?> type, String... names) {
            for (String name : names) helperClasses.put(name, type);
            return this;
        }

        Builder settings(String name) {
            settings.add(name);
            return this;
        }

        Vocabulary build() {
            Map<Class<?>, FactType> byClass = new LinkedHashMap<>();
            Map<String, FactType> byName = new LinkedHashMap<>();
            members.forEach((type, names) -> {
                List<String> constants = type.isEnum()
                        ? Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList() : List.of();
                FactType fact = new FactType(type.getSimpleName(), type, new LinkedHashMap<>(), constants);
                byClass.put(type, fact);
                byName.put(fact.name(), fact);
            });
            members.forEach((type, names) -> {
                FactType fact = byClass.get(type);
                for (String name : names) {
                    List<Method> methods = publicMethods(type, name, false);
                    if (methods.isEmpty()) throw new IllegalStateException(type.getSimpleName() + " has no public method " + name);
                    for (Method method : methods) fact.add(member(method, byClass));
                }
            });
            Map<String, Helper> helpers = new LinkedHashMap<>();
            helperClasses.forEach((name, type) -> {
                List<Member> overloads = publicMethods(type, name, true).stream().map(m -> member(m, byClass)).toList();
                if (overloads.isEmpty()) throw new IllegalStateException(type.getSimpleName() + " has no static method " + name);
                helpers.put(name, new Helper(name, type.getName() + "." + name, actionNames.contains(name), overloads));
            });
            return new Vocabulary(packageName, Map.copyOf(byName), Map.copyOf(helpers), Set.copyOf(settings));
        }

        private static List<Method> publicMethods(Class<?> type, String name, boolean isStatic) {
            List<Method> found = new ArrayList<>();
            for (Method method : type.getMethods()) {
                if (method.getName().equals(name) && Modifier.isStatic(method.getModifiers()) == isStatic) found.add(method);
            }
            return found;
        }

        private static Member member(Method method, Map<Class<?>, FactType> facts) {
            List<Type> parameters = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (var parameter : method.getParameters()) {
                parameters.add(typeOf(parameter.getType(), facts, method));
                names.add(parameter.getName());
            }
            return new Member(method.getName(), parameters, names, typeOf(method.getReturnType(), facts, method));
        }

        private static Type typeOf(Class<?> type, Map<Class<?>, FactType> facts, Method where) {
            if (type == String.class) return Type.Value.TEXT;
            if (type == boolean.class || type == Boolean.class) return Type.Value.BOOLEAN;
            if (type == void.class) return Type.Value.NOTHING;
            if (type.isPrimitive() || Number.class.isAssignableFrom(type)) return Type.Value.NUMBER;
            if (type == LocalDate.class) return Type.Value.DATE;
            if (type == Instant.class) return Type.Value.INSTANT;
            if (Set.class.isAssignableFrom(type)) return Type.Value.SET;
            FactType fact = facts.get(type);
            if (fact == null) throw new IllegalStateException(where + " uses " + type.getName() + ", which rules cannot use");
            return fact;
        }
    }
}
