package io.attnrec.serve.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemMeta;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The SQL shared by the SQLite and PostgreSQL stores. Both dialects accept the same statements
 * except the table definitions ({@link #createStatements()}).
 *
 * <p>Two connections: writes go through one (serialised, explicit transactions) and reads
 * through the other, so a long read never holds up a commit. Each is guarded by its own lock
 * because a JDBC connection is not safe for concurrent use. A connection that fails with a
 * connection-class error (SQLSTATE 08xxx) is dropped and reopened on the next call.
 */
abstract class JdbcStoreBase implements EventStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String INSERT_EVENT =
            "INSERT INTO events (user_id, item_id, ts, type, rating) VALUES (?, ?, ?, ?, ?)";
    // Newest first so that LIMIT keeps the most recent events; reversed in Java afterwards.
    private static final String SELECT_USER = "SELECT user_id, item_id, ts, type, rating FROM events"
            + " WHERE user_id = ? ORDER BY ts DESC, seq DESC LIMIT ?";
    // ON CONFLICT ... DO UPDATE is understood by SQLite (>= 3.24) and PostgreSQL (>= 9.5).
    private static final String UPSERT_ITEM = "INSERT INTO item_meta (item_id, meta, updated_ms) VALUES (?, ?, ?)"
            + " ON CONFLICT (item_id) DO UPDATE SET meta = excluded.meta, updated_ms = excluded.updated_ms";

    private final String description;
    private final Object writeLock = new Object();
    private final Object readLock = new Object();
    private Connection writer;
    private Connection reader;
    private volatile boolean closed;

    JdbcStoreBase(String description) {
        this.description = description;
    }

    /** Opens a new connection with the dialect's settings; auto-commit is set by the caller. */
    abstract Connection connect() throws SQLException;

    /** CREATE TABLE / INDEX statements, each idempotent. */
    abstract List<String> createStatements();

    /** Called by subclass constructors once the subclass is ready to connect. */
    final void init() {
        synchronized (writeLock) {
            try {
                Connection c = writer();
                try (Statement st = c.createStatement()) {
                    for (String sql : createStatements()) {
                        st.execute(sql);
                    }
                }
                c.commit();
            } catch (SQLException e) {
                dropWriter();
                throw new EventStoreException("cannot open event store " + description + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void append(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        synchronized (writeLock) {
            Connection c = null;
            try {
                c = writer();
                try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
                    for (Event e : events) {
                        ps.setString(1, e.user());
                        ps.setString(2, e.item());
                        ps.setLong(3, e.timestamp());
                        if (e.type() == null) {
                            ps.setNull(4, Types.VARCHAR);
                        } else {
                            ps.setString(4, e.type());
                        }
                        if (e.hasRating()) {
                            ps.setFloat(5, e.rating());
                        } else {
                            ps.setNull(5, Types.REAL);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                rollback(c, e);
                throw new EventStoreException("could not store " + events.size() + " events: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<Event> eventsFor(String user, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        synchronized (readLock) {
            try (PreparedStatement ps = reader().prepareStatement(SELECT_USER)) {
                ps.setString(1, user);
                ps.setInt(2, limit);
                List<Event> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        float rating = rs.getFloat(5);
                        if (rs.wasNull()) {
                            rating = Float.NaN;
                        }
                        out.add(new Event(rs.getString(1), rs.getString(2), rs.getLong(3), rating, rs.getString(4)));
                    }
                }
                Collections.reverse(out);
                return out;
            } catch (SQLException e) {
                readFailed(e);
                throw new EventStoreException("could not read events of user '" + user + "': " + e.getMessage(), e);
            }
        }
    }

    @Override
    public long count() {
        synchronized (readLock) {
            try (Statement st = reader().createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                readFailed(e);
                throw new EventStoreException("could not count events: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void putItem(ItemMeta meta) {
        String json;
        try {
            json = JSON.writeValueAsString(meta);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("item metadata cannot be written as JSON", e);
        }
        synchronized (writeLock) {
            Connection c = null;
            try {
                c = writer();
                try (PreparedStatement ps = c.prepareStatement(UPSERT_ITEM)) {
                    ps.setString(1, meta.itemId());
                    ps.setString(2, json);
                    ps.setLong(3, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                rollback(c, e);
                throw new EventStoreException("could not store item '" + meta.itemId() + "': " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<ItemMeta> items() {
        synchronized (readLock) {
            try (Statement st = reader().createStatement();
                    ResultSet rs = st.executeQuery("SELECT meta FROM item_meta ORDER BY item_id")) {
                List<ItemMeta> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(JSON.readValue(rs.getString(1), ItemMeta.class));
                }
                return out;
            } catch (SQLException e) {
                readFailed(e);
                throw new EventStoreException("could not read item metadata: " + e.getMessage(), e);
            } catch (JsonProcessingException e) {
                throw new EventStoreException("stored item metadata is damaged: " + e.getOriginalMessage(), e);
            }
        }
    }

    // ---- the dashboard's read queries (DashboardQueries), over one hook: readQuery ----------------

    @Override
    public Span span(String item) {
        return DashboardQueries.span(this, item);
    }

    @Override
    public long[] histogram(String item, long from, long width, int buckets) {
        return DashboardQueries.histogram(this, item, from, width, buckets);
    }

    @Override
    public long userCount() {
        return DashboardQueries.userCount(this);
    }

    @Override
    public List<UserCount> users(String query, int offset, int limit) {
        return DashboardQueries.users(this, query, offset, limit);
    }

    @Override
    public long itemsVersion() {
        return DashboardQueries.itemsVersion(this);
    }

    /** A read run on a connection; may throw {@link SQLException}. */
    @FunctionalInterface
    interface SqlRead<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Runs {@code body} on the read connection; a failure becomes an {@link EventStoreException}
     * saying "could not {@code what}".
     */
    final <T> T readQuery(String what, SqlRead<T> body) {
        synchronized (readLock) {
            try {
                return body.apply(reader());
            } catch (SQLException e) {
                readFailed(e);
                throw new EventStoreException("could not " + what + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean healthy() {
        if (closed) {
            return false;
        }
        synchronized (readLock) {
            try (Statement st = reader().createStatement();
                    ResultSet rs = st.executeQuery("SELECT 1")) {
                return rs.next();
            } catch (SQLException e) {
                readFailed(e);
                return false;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (writeLock) {
            dropWriter();
        }
        synchronized (readLock) {
            closeQuietly(reader);
            reader = null;
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private Connection writer() throws SQLException {
        ensureOpen();
        if (writer == null) {
            writer = connect();
            writer.setAutoCommit(false);
        }
        return writer;
    }

    private Connection reader() throws SQLException {
        ensureOpen();
        if (reader == null) {
            reader = connect();
            reader.setAutoCommit(true);
        }
        return reader;
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("event store is closed");
        }
    }

    private void rollback(Connection c, SQLException cause) {
        if (c != null) {
            try {
                c.rollback();
            } catch (SQLException e) {
                cause.addSuppressed(e);
                dropWriter();
                return;
            }
        }
        if (isConnectionError(cause)) {
            dropWriter();
        }
    }

    private void readFailed(SQLException e) {
        if (isConnectionError(e)) {
            closeQuietly(reader);
            reader = null;
        }
    }

    private void dropWriter() {
        closeQuietly(writer);
        writer = null;
    }

    private static boolean isConnectionError(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing a broken connection may fail; it is being discarded either way.
            }
        }
    }
}
