package io.attnrec.serve.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * An event store in a PostgreSQL database reached by a JDBC URL such as {@code
 * jdbc:postgresql://localhost/attnrec?user=attnrec&password=...}, for deployments with several
 * servers or an existing database.
 *
 * <p>Durability: PostgreSQL's default {@code synchronous_commit=on} flushes the WAL before a
 * commit returns, so a committed batch survives a crash. The statements are the same as for
 * SQLite; only the table definitions differ.
 */
public final class JdbcEventStore extends JdbcStoreBase {

    private final String url;

    /** Connects to {@code url} and creates the tables if missing. */
    public JdbcEventStore(String url) {
        super(redact(url));
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + redact(url));
        }
        this.url = url;
        init();
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    List<String> createStatements() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS events (seq BIGSERIAL PRIMARY KEY,"
                        + " user_id TEXT NOT NULL, item_id TEXT NOT NULL, ts BIGINT NOT NULL, type TEXT, rating REAL)",
                "CREATE INDEX IF NOT EXISTS events_user_ts ON events (user_id, ts, seq)",
                // An item's events over time (dashboard item page) without a full scan.
                "CREATE INDEX IF NOT EXISTS events_item_ts ON events (item_id, ts)",
                "CREATE TABLE IF NOT EXISTS item_meta (item_id TEXT PRIMARY KEY, meta TEXT NOT NULL,"
                        + " updated_ms BIGINT NOT NULL)");
    }

    /** The URL without its query string, which may hold a password; for messages and logs. */
    static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }
}
