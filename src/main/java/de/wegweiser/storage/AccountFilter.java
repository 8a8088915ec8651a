package de.wegweiser.storage;

/**
 * Which accounts to list; a null field does not filter.
 *
 * @param phase      phase id
 * @param status     status id
 * @param gapKind    gap kind id: accounts with at least one gap of that kind
 * @param minMembers at least this many members (0: any)
 */
public record AccountFilter(String phase, String status, String gapKind, int minMembers) {
    public static final AccountFilter ALL = new AccountFilter(null, null, null, 0);
}
