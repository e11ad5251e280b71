package io.attnrec.serve.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * An event store in one SQLite file (the default, no server to run).
 *
 * <p>Durability: the database runs in write-ahead-log mode with {@code synchronous=FULL}, so a
 * commit returns only after the WAL has been fsynced. {@code NORMAL} would be enough to survive
 * a crash of this process, but not a power loss or kernel crash: the last commits could be
 * rolled back after the client was told they were stored. Since a 2xx answer promises
 * durability, FULL is used; the cost is one fsync per request batch, which is why clients should
 * send events in batches. Readers use their own connection and never block the writer (WAL).
 */
final class SqliteEventStore extends JdbcStoreBase {

    private final String file;

    /**
     * Opens (creating if needed) the database file {@code file}.
     *
     * @throws IllegalArgumentException for an in-memory database, which would not be durable
     */
    public SqliteEventStore(String file) {
        this(file, false);
    }

    /** The existing database file {@code file}, opened read-only ({@link EventStore#openReadOnly}). */
    static SqliteEventStore readOnly(String file) {
        return new SqliteEventStore(file, true);
    }

    private SqliteEventStore(String file, boolean readOnly) {
        super("sqlite:" + file, readOnly);
        if (file.isBlank() || file.contains(":memory:") || file.startsWith("file:")) {
            throw new IllegalArgumentException("event store needs a file path (sqlite:FILE), not '" + file + "'");
        }
        this.file = file;
        Path parent = Path.of(file).toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("folder of event store file " + file + " does not exist");
        }
        init(new DedicatedConnections(readOnly ? this::connectReadOnly : this::connect));
    }

    /**
     * A connection that cannot write the file (SQLITE_OPEN_READONLY): the journal mode is the
     * writer's to set, and a reader in WAL mode never blocks it.
     */
    private Connection connectReadOnly() throws SQLException {
        Properties props = new Properties();
        props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, props);
        c.setReadOnly(true);
        return c;
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            // Writers from other processes (or the checkpointer) may hold the lock briefly.
            st.execute("PRAGMA busy_timeout=5000");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    List<String> createStatements() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " user_id TEXT NOT NULL, item_id TEXT NOT NULL, ts BIGINT NOT NULL, type TEXT, rating REAL,"
                        + " event_id TEXT)",
                "CREATE INDEX IF NOT EXISTS events_user_ts ON events (user_id, ts, seq)",
                // An item's events over time (dashboard item page) without a full scan.
                "CREATE INDEX IF NOT EXISTS events_item_ts ON events (item_id, ts)",
                "CREATE TABLE IF NOT EXISTS item_meta (item_id TEXT PRIMARY KEY, meta TEXT NOT NULL,"
                        + " updated_ms BIGINT NOT NULL)");
    }

    @Override
    boolean hasEventColumn(Connection c, String column) throws SQLException {
        try (Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("PRAGMA table_info(events)")) {
            while (rs.next()) {
                if (rs.getString("name").equalsIgnoreCase(column)) {
                    return true;
                }
            }
            return false;
        }
    }
}
