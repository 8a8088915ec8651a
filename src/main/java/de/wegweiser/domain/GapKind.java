package de.wegweiser.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What is missing before the whole buying center can be convinced. */
public enum GapKind {
    /** A role the buying center needs has no member yet. */
    MISSING_ROLE("missing-role"),
    /** The members of a role have seen nothing on a concern they judge by. */
    UNSEEN_CONCERN("unseen-concern"),
    /** A member is behind the account's phase. */
    LAGGING_MEMBER("lagging-member");

    private final String id;

    GapKind(String id) {
        this.id = id;
    }

    public String id() { return id; }

    public static Optional<GapKind> parse(String text) {
        return Arrays.stream(values()).filter(k -> k.id.equals(text)).findFirst();
    }

    public static List<String> ids() { return Arrays.stream(values()).map(GapKind::id).toList(); }
}
