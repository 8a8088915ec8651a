package de.wegweiser.storage;

import java.time.Instant;
import java.util.Set;

/**
 * What the account list shows and filters on, as stored: a summary the account rules made.
 *
 * @param phase    phase id, or null when no rule decided one
 * @param status   status id, or null
 * @param gapKinds the kinds of the account's gaps, each once
 * @param gaps     how many gaps
 */
public record AccountSummaryRow(String account, String rulesVersion, int members, int activeMembers, String phase, String status,
                                Set<String> gapKinds, int gaps, double score, Instant lastActivity) {
    public AccountSummaryRow {
        gapKinds = Set.copyOf(gapKinds);
    }
}
