package de.wegweiser.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The marketer settings of the account rules, as declared in DRL ({@code declare AccountSettings}
 * with a default value per field). Rules read every field as a fact; the service reads
 * {@value #ACTIVE_DAYS} to tell active members from the others.
 *
 * @param activeWindow a member who engaged within this window is active
 * @param values       every setting by name, in declaration order, for the status page
 */
public record AccountSettings(Duration activeWindow, Map<String, Object> values) {

    public static final String ACTIVE_DAYS = "activeDays";

    /** Without account rules: everyone who ever engaged is active. */
    public static final AccountSettings NONE = new AccountSettings(null, Map.of());

    public AccountSettings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
