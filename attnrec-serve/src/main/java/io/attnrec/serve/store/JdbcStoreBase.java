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

    @Override
    public Span span(String item) {
        String sql = "SELECT COUNT(*), MIN(ts), MAX(ts) FROM events" + (item == null ? "" : " WHERE item_id = ?");
        synchronized (readLock) {
            try (PreparedStatement ps = reader().prepareStatement(sql)) {
                if (item != null) {
                    ps.setString(1, item);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Span(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                }
            } catch (SQLException e) {
                readFailed(e);
                throw new EventStoreException("could not read the events' time span: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public long[] histogram(String item, long from, long width, int buckets) {
        if (width < 1 || buckets < 1) {
            throw new IllegalArgumentException("width and buckets must be positive");
        }
        long to = from + width * buckets;
        // The bucket is computed once in a sub-select: PostgreSQL would not accept grouping by an
        // expression whose parameters differ from the selected one's.
        String sql = "SELECT b, COUNT(*) FROM (SELECT (ts - ?) / ? AS b FROM events WHERE ts >= ? AND ts < ?"
                + (item == null ? "" : " AND item_id = ?") + ") t GROUP BY b";
        long[] out = new long[buckets];
        synchronized (readLock) {
            try (PreparedStatement ps = reader().prepareStatement(sql)) {
                ps.setLong(1, from);
                ps.setLong(2, width);
                ps.setLong(3, from);
                ps.setLong(4, to);
                int i = 5;
                if (item != null) {
                    ps.setString(i, item);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long b = rs.getLong(1);
                        if (b >= 0 && b < buckets) {
                            out[(int) b] += rs.getLong(2);
                        }
                    }
                }
                return out;
            } catch (SQLException e) {
                readFailed(e);
                throw new EventStoreException("could not count events over time: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public long userCount() {
        synchronized (readLock) {
            try (Statement st = reader().createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT user_id) FROM events")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                readFailed(e);
                throw new EventStoreException("could not count users: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<UserCount> users(String query, int offset, int limit) {
        // LIKE with an escape character so that '%' and '_' in the query match literally.
        String sql = "SELECT user_id, COUNT(*) AS n FROM events"
                + (query.isEmpty() ? "" : " WHERE user_id LIKE ? ESCAPE '!'")
                + " GROUP BY user_id ORDER BY n DESC, user_id LIMIT ? OFFSET ?";
        synchronized (readLock) {
            try (PreparedStatement ps = reader().prepareStatement(sql)) {
                int i = 1;
                if (!query.isEmpty()) {
                    String escaped = query.replace("!", "!!").replace("%", "!%").replace("_", "!_");
                    ps.setString(i++, "%" + escaped + "%");
                }
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                List<UserCount> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new UserCount(rs.getString(1), rs.getLong(2)));
                    }
                }
                return out;
            } catch (SQLException e) {
                readFailed(e);
                throw new EventStoreException("could not list users: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public long itemsVersion() {
        synchronized (readLock) {
            try (Statement st = reader().createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(MAX(updated_ms), 0) FROM item_meta")) {
                rs.next();
                // Count and newest write together: a replaced item bumps the time, a new one the count.
                return rs.getLong(2) * 31 + rs.getLong(1);
            } catch (SQLException e) {
                readFailed(e);
                throw new EventStoreException("could not read item metadata: " + e.getMessage(), e);
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
