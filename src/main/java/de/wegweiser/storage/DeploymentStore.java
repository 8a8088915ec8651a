package de.wegweiser.storage;

import de.wegweiser.domain.Deployment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The record of deployments through the admin API, newest first; survives restarts. */
public final class DeploymentStore {

    private static final String COLUMNS = "id, author, deployed_at, message, before_rules, before_journey, before_account, before_catalog, "
            + "after_rules, after_journey, after_account, after_catalog";

    private final Database database;

    public DeploymentStore(Database database) {
        this.database = database;
    }

    /**
     * Records a deployment under the next id (1 more than the highest so far); the id given is
     * ignored. Two services recording at once race for the id: the database refuses the second
     * insert, and the transaction is retried with the next id.
     */
    public Deployment add(Deployment d) {
        return database.transaction(connection -> {
            long id = Jdbc.one(connection, "SELECT COALESCE(MAX(id), 0) + 1 FROM deployment", rs -> rs.getLong(1)).orElse(1L);
            Jdbc.update(connection, "INSERT INTO deployment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, d.author(), Jdbc.time(d.at()), d.message(), d.before().rules(), d.before().journey(), d.before().account(),
                    d.before().catalog(), d.after().rules(), d.after().journey(), d.after().account(), d.after().catalog());
            for (int i = 0; i < d.files().size(); i++) {
                Deployment.File f = d.files().get(i);
                Jdbc.update(connection, "INSERT INTO deployment_file (deployment_id, file_no, root, path, sha256_before, sha256_after) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", id, i, f.root(), f.path(), f.sha256Before(), f.sha256After());
            }
            return new Deployment(id, d.author(), d.at(), d.message(), d.files(), d.before(), d.after());
        });
    }

    public Optional<Deployment> get(long id) {
        List<Deployment> found = page("SELECT " + COLUMNS + " FROM deployment WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /**
     * The newest {@code limit} deployments older than {@code before}.
     *
     * @param before an id from an earlier page, or null for the newest
     */
    public List<Deployment> list(int limit, Long before) {
        return before == null
                ? page("SELECT " + COLUMNS + " FROM deployment ORDER BY id DESC LIMIT ?", limit)
                : page("SELECT " + COLUMNS + " FROM deployment WHERE id < ? ORDER BY id DESC LIMIT ?", before, limit);
    }

    /** The deployments the query selects, with their files: two queries, whatever the page size. */
    private List<Deployment> page(String sql, Object... args) {
        return database.read(connection -> {
            List<Deployment> heads = Jdbc.list(connection, sql, DeploymentStore::head, args);
            if (heads.isEmpty()) return heads;
            long lowest = heads.stream().mapToLong(Deployment::id).min().orElseThrow();
            long highest = heads.stream().mapToLong(Deployment::id).max().orElseThrow();
            Map<Long, List<Deployment.File>> files = new LinkedHashMap<>();
            Jdbc.list(connection, "SELECT deployment_id, root, path, sha256_before, sha256_after FROM deployment_file "
                    + "WHERE deployment_id BETWEEN ? AND ? ORDER BY deployment_id, file_no", rs -> {
                        files.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(new Deployment.File(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                        return null;
                    }, lowest, highest);
            return heads.stream().map(d -> new Deployment(d.id(), d.author(), d.at(), d.message(),
                    files.getOrDefault(d.id(), List.of()), d.before(), d.after())).toList();
        });
    }

    private static Deployment head(ResultSet rs) throws SQLException {
        return new Deployment(rs.getLong(1), rs.getString(2), Jdbc.instant(rs, 3), rs.getString(4), List.of(),
                new Deployment.Versions(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)),
                new Deployment.Versions(rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)));
    }
}
