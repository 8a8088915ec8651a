package de.wegweiser.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain JDBC on one connection: statements with positional arguments, SQL errors as {@link StorageException}. */
final class Jdbc {

    private Jdbc() {}

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static <T> Optional<T> one(Connection connection, String sql, Row<T> row, Object... args) {
        List<T> rows = list(connection, sql, row, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static <T> List<T> list(Connection connection, String sql, Row<T> row, Object... args) {
        try (PreparedStatement statement = prepare(connection, sql, args); ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) rows.add(row.map(rs));
            return rows;
        } catch (SQLException e) {
            throw new StorageException("query failed: " + e.getMessage(), e);
        }
    }

    static int update(Connection connection, String sql, Object... args) {
        try (PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("update failed: " + e.getMessage(), e);
        }
    }

    /** One statement, run for every row of arguments in one JDBC batch: one round trip instead of one per row. */
    static void batch(Connection connection, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) return;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] args : rows) {
                for (int i = 0; i < args.length; i++) {
                    if (args[i] == null) statement.setNull(i + 1, Types.NULL);
                    else statement.setObject(i + 1, args[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new StorageException("update failed: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                Object arg = args[i];
                if (arg == null) statement.setNull(i + 1, Types.NULL);
                else statement.setObject(i + 1, arg);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
