package de.wegweiser.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what the journey rules say during one session run, in firing order. Bound to the
 * evaluating thread so the {@link Journey} helpers find it; one per run, never shared.
 */
final class Journal {

    private static final ThreadLocal<Journal> CURRENT = new ThreadLocal<>();

    private final List<JourneyEffect> effects = new ArrayList<>();
    private String currentRule = "?";

    void bind() { CURRENT.set(this); }

    static void unbind() { CURRENT.remove(); }

    static Journal current() {
        Journal journal = CURRENT.get();
        if (journal == null) throw new IllegalStateException("a journey helper was called outside a journey rule evaluation");
        return journal;
    }

    void enterRule(String rule) { currentRule = rule; }

    String currentRule() { return currentRule; }

    void add(JourneyEffect effect) { effects.add(effect); }

    List<JourneyEffect> effects() { return List.copyOf(effects); }
}
