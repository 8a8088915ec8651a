package de.wegweiser.http;

import de.wegweiser.accounts.AccountAssessment;
import de.wegweiser.accounts.AccountService;
import de.wegweiser.accounts.AccountTexts;
import de.wegweiser.domain.GapKind;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.storage.AccountCursor;
import de.wegweiser.storage.AccountFilter;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The account API: an account's buying center, the list of accounts, what each member and gap needs next. Parse, delegate, respond. */
final class AccountController {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;
    private static final List<String> LANGUAGES = List.of("de", "en");
    private static final Set<String> LIST_PARAMETERS = Set.of("phase", "status", "gap", "minMembers", "page", "cursor", "size", "language");

    private final AccountService accounts;
    private final RecommendationService recommendations;
    private final de.wegweiser.insights.Tracker tracker;

    AccountController(AccountService accounts, RecommendationService recommendations, de.wegweiser.insights.Tracker tracker) {
        this.accounts = accounts;
        this.recommendations = recommendations;
        this.tracker = tracker;
    }

    void get(Context ctx) {
        String id = accountId(ctx);
        String requested = language(ctx);
        AccountAssessment account = accounts.find(id).orElseThrow(() -> notFound(id));
        String language = requested != null ? requested : usualLanguage(account);
        Json.respond(ctx, AccountView.Account.of(account, language, texts()));
    }

    void recommendations(Context ctx) {
        String id = accountId(ctx);
        String requested = language(ctx);
        int limit = RequestReader.limitParameter(ctx.queryParam("limit"));
        AccountService.AccountRecommendations found = accounts.recommend(id, limit).orElseThrow(() -> notFound(id));
        String language = requested != null ? requested : usualLanguage(found.account());
        Json.respond(ctx, AccountView.Recommendations.of(found, language, texts(), tracker::track));
    }

    void list(Context ctx) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : ctx.queryParamMap().keySet()) {
            if (!LIST_PARAMETERS.contains(name)) {
                errors.add(new FieldError(name, "unknown filter; the filters are " + String.join(", ", LIST_PARAMETERS.stream().sorted().toList()),
                        LIST_PARAMETERS.stream().sorted().toList()));
            }
        }
        String phase = closed(ctx, "phase", errors, text -> JourneyPhase.parse(text).map(JourneyPhase::id), JourneyPhase.ids());
        String status = closed(ctx, "status", errors, text -> LifecycleStatus.parse(text).map(LifecycleStatus::id), LifecycleStatus.ids());
        String gap = closed(ctx, "gap", errors, text -> GapKind.parse(text.strip()).map(GapKind::id), GapKind.ids());
        int minMembers = number(ctx, "minMembers", 0, 0, 100_000, errors);
        int page = number(ctx, "page", 1, 1, Integer.MAX_VALUE, errors);
        int size = number(ctx, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, errors);
        AccountCursor cursor = null;
        String cursorText = ctx.queryParam("cursor");
        if (cursorText != null) {
            cursor = AccountCursor.decode(cursorText).orElse(null);
            if (cursor == null) errors.add(new FieldError("cursor", "not a cursor of this list; pass the 'next' value of the page before unchanged"));
            if (ctx.queryParam("page") != null) errors.add(new FieldError("page", "give either page or cursor, not both"));
        }
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        long offset = (long) (page - 1) * size;
        AccountService.Page found = accounts.list(new AccountFilter(phase, status, gap, minMembers), cursor,
                (int) Math.min(offset, Integer.MAX_VALUE), size);
        if (cursor == null && page > 1 && offset >= found.total()) {
            long pages = (found.total() + size - 1) / size;
            throw ApiException.badRequest(List.of(new FieldError("page",
                    "page %d is out of range: %d accounts match, %d to a page, so there %s %d page%s".formatted(page, found.total(), size,
                            pages == 1 ? "is" : "are", pages, pages == 1 ? "" : "s"))));
        }
        Json.respond(ctx, AccountView.Page.of(found, cursor == null ? page : null, size));
    }

    private AccountTexts texts() {
        return new AccountTexts(recommendations.snapshot().catalog().taxonomy());
    }

    /** The language most members speak; on a tie German, the product's home language. */
    private static String usualLanguage(AccountAssessment account) {
        Map<String, Integer> counts = new HashMap<>();
        account.members().forEach(m -> counts.merge(m.contact().profile().language(), 1, Integer::sum));
        return counts.getOrDefault("en", 0) > counts.getOrDefault("de", 0) ? "en" : "de";
    }

    private static String language(Context ctx) {
        String text = ctx.queryParam("language");
        if (text == null || text.isBlank()) return null;
        if (!LANGUAGES.contains(text.strip())) {
            throw ApiException.badRequest(List.of(new FieldError("language", "must be de or en; got " + text, LANGUAGES)));
        }
        return text.strip();
    }

    private static String closed(Context ctx, String name, List<FieldError> errors,
                                 java.util.function.Function<String, java.util.Optional<String>> parse, List<String> allowed) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) return null;
        var parsed = parse.apply(text);
        if (parsed.isEmpty()) {
            errors.add(new FieldError(name, de.wegweiser.domain.Taxonomy.unknownMessage(name, text, allowed), allowed));
            return null;
        }
        return parsed.get();
    }

    private static int number(Context ctx, String name, int fallback, int min, int max, List<FieldError> errors) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) return fallback;
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new FieldError(name, max == Integer.MAX_VALUE ? "must be a whole number from %d on; got %s".formatted(min, text)
                : "must be a whole number from %d to %d; got %s".formatted(min, max, text)));
        return fallback;
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no stored contact has the account '%s'".formatted(id));
    }

    private static String accountId(Context ctx) {
        String id = ctx.pathParam("account");
        if (id.isBlank() || id.length() > ContactController.MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(List.of(new FieldError("account",
                    "an account id has 1 to %d characters without control characters".formatted(ContactController.MAX_ID_LENGTH))));
        }
        return id;
    }
}
