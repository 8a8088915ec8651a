package de.wegweiser.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Where a contact stands in the sales process, from newsletter subscriber to customer. */
public enum LifecycleStatus {
    SUBSCRIBER, LEAD, MQL, SQL, OPPORTUNITY, CUSTOMER;

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public boolean isBefore(LifecycleStatus other) { return ordinal() < other.ordinal(); }

    public static Optional<LifecycleStatus> parse(String text) {
        if (text == null) return Optional.empty();
        String key = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id().equals(key)).findFirst();
    }

    public static List<String> ids() { return Arrays.stream(values()).map(LifecycleStatus::id).toList(); }
}
