package de.wegweiser.http;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Javalin drops a query parameter whose %-escapes it cannot decode ({@code ?format=%ZZ}), so a
 * filter the client meant to apply silently was not: every item came back. This refuses such a
 * query instead, naming the parameter.
 */
final class QueryStrings {

    private QueryStrings() {}

    /** A before-handler for every route: 400 if a name or value of the query is not valid URL encoding. */
    static void requireDecodable(Context ctx) {
        String query = ctx.queryString();
        if (query == null || query.isEmpty()) return;
        List<FieldError> errors = new ArrayList<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName);
            if (name == null) {
                errors.add(new FieldError(rawName, invalid(rawName)));
            } else if (eq >= 0 && decode(pair.substring(eq + 1)) == null) {
                errors.add(new FieldError(name, invalid(pair.substring(eq + 1))));
            }
        }
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) { // a % not followed by two hex digits
            return null;
        }
    }

    private static String invalid(String raw) {
        return "'%s' is not valid URL encoding: a %% must be followed by two hex digits, e.g. %%20 for a space".formatted(raw);
    }
}
