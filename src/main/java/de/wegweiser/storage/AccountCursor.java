package de.wegweiser.storage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of the account list ended: the last row's place in the order (most recent activity
 * first, then account id). The next page starts right after it, so deep pages cost what the first
 * does and a list that changes between two pages neither repeats nor skips a row that kept its place.
 *
 * @param activityOrder the last activity in epoch milliseconds, 0 for none
 */
public record AccountCursor(long activityOrder, String account) {

    /** The order key of a last activity: accounts without any come last. */
    public static long order(Instant lastActivity) {
        return lastActivity == null ? 0 : lastActivity.toEpochMilli();
    }

    public static AccountCursor after(AccountSummaryRow row) {
        return new AccountCursor(order(row.lastActivity()), row.account());
    }

    /** The opaque text a client passes back: URL-safe, no padding. */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((activityOrder + ":" + account).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in a client's text, or empty when it is not one this service wrote. */
    public static Optional<AccountCursor> decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            if (colon <= 0 || colon == plain.length() - 1) return Optional.empty();
            long order = Long.parseLong(plain.substring(0, colon));
            return order < 0 ? Optional.empty() : Optional.of(new AccountCursor(order, plain.substring(colon + 1)));
        } catch (IllegalArgumentException e) { // bad Base64 or number
            return Optional.empty();
        }
    }
}
