package io.attnrec.serve.store;

import java.sql.SQLException;
import java.util.List;

/**
 * An event store in a PostgreSQL database reached by a JDBC URL such as {@code
 * jdbc:postgresql://localhost/attnrec?user=attnrec&password=...}, for deployments with several
 * servers or an existing database.
 *
 * <p>Durability: PostgreSQL's default {@code synchronous_commit=on} flushes the WAL before a
 * commit returns, so a committed batch survives a crash. The statements are the same as for
 * SQLite; only the table definitions differ. Connections come from a HikariCP pool with
 * connect, statement and socket timeouts ({@link StoreSettings}), so an unreachable database
 * makes requests fail fast (503) rather than hang.
 */
final class JdbcEventStore extends JdbcStoreBase {

    /** Connects to {@code url} with the default settings and creates the tables if missing. */
    public JdbcEventStore(String url) {
        this(url, StoreSettings.defaults());
    }

    /**
     * Connects to {@code url} and creates the tables if missing.
     *
     * @throws EventStoreException when the database cannot be reached within the connect timeout
     */
    public JdbcEventStore(String url, StoreSettings settings) {
        this(url, settings, false);
    }

    /** Connects to {@code url} for reading only ({@link EventStore#openReadOnly}). */
    static JdbcEventStore readOnly(String url, StoreSettings settings) {
        return new JdbcEventStore(url, settings, true);
    }

    private JdbcEventStore(String url, StoreSettings settings, boolean readOnly) {
        super(redact(url), readOnly);
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + redact(url));
        }
        try {
            init(new PooledConnections(url, settings, readOnly ? "attnrec-pg-read" : "attnrec-pg", readOnly));
        } catch (SQLException e) {
            throw new EventStoreException("cannot open event store " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    @Override
    List<String> createStatements() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS events (seq BIGSERIAL PRIMARY KEY,"
                        + " user_id TEXT NOT NULL, item_id TEXT NOT NULL, ts BIGINT NOT NULL, type TEXT, rating REAL,"
                        + " event_id TEXT)",
                "CREATE INDEX IF NOT EXISTS events_user_ts ON events (user_id, ts, seq)",
                // An item's events over time (dashboard item page) without a full scan.
                "CREATE INDEX IF NOT EXISTS events_item_ts ON events (item_id, ts)",
                "CREATE TABLE IF NOT EXISTS item_meta (item_id TEXT PRIMARY KEY, meta TEXT NOT NULL,"
                        + " updated_ms BIGINT NOT NULL)");
    }

    @Override
    boolean hasEventColumn(java.sql.Connection c, String column) throws SQLException {
        // The table the unqualified name "events" resolves to: the first schema on the search path.
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = 'events' AND column_name = ?")) {
            ps.setString(1, column);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The URL without its query string, which may hold a password; for messages and logs. */
    static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }
}
