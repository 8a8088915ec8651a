package de.wegweiser.domain;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The eight phases of the customer journey, in order. Phases 0-4 are the buyer's journey
 * (goal: trust), 5-7 the customer's journey (goal: relationship).
 *
 * <p>In DRL write {@code JourneyPhase.CONSIDERATION}; over HTTP and in catalog files write the
 * kebab-case id ({@code consideration}) or one of the {@linkplain #aliases() aliases} from other
 * phase models.
 */
public enum JourneyPhase {
    NON_AWARENESS("non-awareness", FunnelStage.TOFU, "Non-awareness", "Unbewusstsein"),
    AWARENESS("awareness", FunnelStage.TOFU, "Awareness", "Bewusstsein"),
    // The brief places favorability between ToFu and MoFu; its content (landing pages, trade
    // articles) still wins prospects, so customers do not need it: ToFu.
    FAVORABILITY("favorability", FunnelStage.TOFU, "Favorability", "Sympathie"),
    CONSIDERATION("consideration", FunnelStage.MOFU, "Consideration", "Abwägung"),
    INTENT_TO_PURCHASE("intent-to-purchase", FunnelStage.BOFU, "Intent to purchase", "Kaufabsicht"),
    CONVERSION("conversion", FunnelStage.CUSTOMER, "Conversion", "Kauf"),
    LOYALTY("loyalty", FunnelStage.CUSTOMER, "Loyalty", "Bindung"),
    ADVOCACY("advocacy", FunnelStage.CUSTOMER, "Advocacy", "Weiterempfehlung");

    private static final Map<String, JourneyPhase> ALIASES = aliasTable();

    private final String id;
    private final FunnelStage stage;
    private final String labelEn;
    private final String labelDe;

    JourneyPhase(String id, FunnelStage stage, String labelEn, String labelDe) {
        this.id = id;
        this.stage = stage;
        this.labelEn = labelEn;
        this.labelDe = labelDe;
    }

    public String id() { return id; }

    public FunnelStage stage() { return stage; }

    /** 0 (non-awareness) to 7 (advocacy). */
    public int number() { return ordinal(); }

    public JourneySide side() { return ordinal() >= CONVERSION.ordinal() ? JourneySide.CUSTOMER : JourneySide.BUYER; }

    public boolean isCustomerJourney() { return side() == JourneySide.CUSTOMER; }

    public boolean isTopOfFunnel() { return stage == FunnelStage.TOFU; }

    public String label(String language) { return "de".equals(language) ? labelDe : labelEn; }

    /** The phase after this one; advocacy has none and returns itself. */
    public JourneyPhase next() {
        JourneyPhase[] all = values();
        return ordinal() + 1 < all.length ? all[ordinal() + 1] : this;
    }

    public boolean isBefore(JourneyPhase other) { return ordinal() < other.ordinal(); }

    /**
     * Reads a phase id or an alias, case-insensitively; underscores and spaces count as hyphens.
     */
    public static Optional<JourneyPhase> parse(String text) {
        if (text == null) return Optional.empty();
        String key = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        return Optional.ofNullable(ALIASES.get(key));
    }

    /** Every accepted spelling (ids and aliases) and the phase it stands for. */
    public static Map<String, JourneyPhase> aliases() { return ALIASES; }

    public static List<String> ids() { return Arrays.stream(values()).map(JourneyPhase::id).toList(); }

    /**
     * "unknown phase 'intent-to-purchse'; did you mean 'intent-to-purchase'?": the closest spelling,
     * aliases included, but suggested as the phase's own id, never as an alias.
     */
    public static String unknownMessage(String value) {
        return Taxonomy.nearest(value, ALIASES.keySet())
                .map(near -> "unknown phase '%s'; did you mean '%s'?".formatted(value, ALIASES.get(near).id()))
                .orElse("unknown phase '%s'; known: %s".formatted(value, String.join(", ", ids())));
    }

    private static Map<String, JourneyPhase> aliasTable() {
        Map<String, JourneyPhase> table = new LinkedHashMap<>();
        for (JourneyPhase phase : values()) table.put(phase.id, phase);
        // Buyer's journey model: unawareness / awareness / consideration / decision; customer journey: purchase / use / promoter
        table.put("unawareness", NON_AWARENESS);
        table.put("decision", INTENT_TO_PURCHASE);
        table.put("purchase", CONVERSION);
        table.put("use", LOYALTY);
        table.put("promoter", ADVOCACY);
        // AIDA: awareness, interest, desire, action
        table.put("interest", FAVORABILITY);
        table.put("desire", INTENT_TO_PURCHASE);
        table.put("action", CONVERSION);
        // Momentum: exposure, engagement, conversion, retention
        table.put("exposure", AWARENESS);
        table.put("engagement", CONSIDERATION);
        table.put("retention", LOYALTY);
        // Typical B2B path: awareness, evaluation, decision, onboarding, use, feedback / advocacy
        table.put("evaluation", CONSIDERATION);
        table.put("onboarding", CONVERSION);
        table.put("feedback", ADVOCACY);
        // Common spellings
        table.put("nonawareness", NON_AWARENESS);
        table.put("favourability", FAVORABILITY);
        table.put("intent", INTENT_TO_PURCHASE);
        table.put("purchase-intent", INTENT_TO_PURCHASE);
        return Collections.unmodifiableMap(table);
    }
}
