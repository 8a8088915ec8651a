package de.wegweiser.domain;

import java.time.Instant;

/** An item not to recommend to the contact until {@code until}, and the rule that said so. */
public record PausedItem(String itemId, Instant until, String rule, String reasonEn, String reasonDe) {

    public String reason(String language) {
        return "de".equals(language) && reasonDe != null && !reasonDe.isBlank() ? reasonDe : reasonEn;
    }
}
