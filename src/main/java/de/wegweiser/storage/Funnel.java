package de.wegweiser.storage;

import java.sql.Connection;
import java.sql.Date;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The funnel aggregate ({@code insight_funnel}): stored contacts per phase, role, language and the
 * UTC day they entered their phase, so the journey report counts contacts and stalled contacts
 * from a few hundred rows instead of reading every contact. Every write of a contact row moves it
 * from the cell it was in to the cell it is in now, in the same transaction.
 */
final class Funnel {

    /** The cell a contact counts in. */
    record Cell(String phase, String role, String language, Date sinceDay) {}

    private static final Comparator<Cell> ORDER = Comparator.comparing(Cell::phase).thenComparing(Cell::role)
            .thenComparing(Cell::language).thenComparing(Cell::sinceDay);

    private Funnel() {}

    static Optional<Cell> cell(Connection connection, String contactId) {
        return Jdbc.one(connection, "SELECT phase, role, language, COALESCE(phase_since, created_at) FROM contact WHERE id = ?",
                rs -> new Cell(rs.getString(1), rs.getString(2), rs.getString(3), day(Jdbc.instant(rs, 4))), contactId);
    }

    static Date day(Instant at) { return Date.valueOf(at.atZone(ZoneOffset.UTC).toLocalDate()); }

    /** Moves a contact between cells; either may be empty (created, erased). In key order: no two transactions wait in a circle. */
    static void move(Connection connection, Optional<Cell> before, Optional<Cell> after) {
        if (Objects.equals(before, after)) return;
        record Bump(Cell cell, int delta) {}
        List<Bump> bumps = new java.util.ArrayList<>();
        before.ifPresent(c -> bumps.add(new Bump(c, -1)));
        after.ifPresent(c -> bumps.add(new Bump(c, 1)));
        bumps.sort(Comparator.comparing(Bump::cell, ORDER));
        for (Bump b : bumps) {
            Cell c = b.cell();
            Object[] key = {c.phase(), c.role(), c.language(), c.sinceDay()};
            String where = " WHERE phase = ? AND role = ? AND language = ? AND since_day = ?";
            if (Jdbc.update(connection, "UPDATE insight_funnel SET contacts = contacts + " + b.delta() + where, key) == 0) {
                if (b.delta() > 0) {
                    Jdbc.update(connection, "INSERT INTO insight_funnel (phase, role, language, since_day, contacts) VALUES (?, ?, ?, ?, 1)", key);
                }
            } else if (b.delta() < 0) {
                Jdbc.update(connection, "DELETE FROM insight_funnel" + where + " AND contacts <= 0", key);
            }
        }
    }
}
