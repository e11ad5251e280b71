package io.attnrec.serve.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.experiment.UseCases.StoredEvents;
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
 * except the table definitions ({@link #createStatements()}); how connections are held is the
 * subclass's choice ({@link Connections}).
 */
abstract class JdbcStoreBase implements EventStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    // A retried event (same event_id) is skipped: its update count is 0. Understood by SQLite
    // (>= 3.24) and PostgreSQL (>= 9.5); events without an id (NULL) never conflict.
    private static final String INSERT_EVENT = "INSERT INTO events (user_id, item_id, ts, type, rating, event_id)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
    private static final String EVENT_ID_INDEX =
            "CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id)";
    // Newest first so that LIMIT keeps the most recent events; reversed in Java afterwards.
    private static final String SELECT_USER = "SELECT user_id, item_id, ts, type, rating FROM events"
            + " WHERE user_id = ? ORDER BY ts DESC, seq DESC LIMIT ?";
    // ON CONFLICT ... DO UPDATE is understood by SQLite (>= 3.24) and PostgreSQL (>= 9.5).
    private static final String UPSERT_ITEM = "INSERT INTO item_meta (item_id, meta, updated_ms) VALUES (?, ?, ?)"
            + " ON CONFLICT (item_id) DO UPDATE SET meta = excluded.meta, updated_ms = excluded.updated_ms";

    // The events after a store position, in the order stored (attnrec update).
    private static final String SELECT_AFTER =
            "SELECT seq, user_id, item_id, ts, type, rating FROM events WHERE seq > ? ORDER BY seq";

    private final String description;
    /** Opened by {@link EventStore#openReadOnly}: no tables made, nothing migrated, writes refused. */
    private final boolean readOnly;

    private Connections connections;
    private volatile boolean closed;
    /** Writes between their start and their commit (or failure); close() waits for them. */
    private final java.util.concurrent.atomic.AtomicInteger writesInFlight =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Longest close() waits for writes in flight to commit. */
    private static final long CLOSE_WAIT_MS = 30_000;

    JdbcStoreBase(String description, boolean readOnly) {
        this.description = description;
        this.readOnly = readOnly;
    }

    /** CREATE TABLE / INDEX statements, each idempotent, for the current schema. */
    abstract List<String> createStatements();

    /** Whether the table {@code events} of this database has the column {@code column}. */
    abstract boolean hasEventColumn(Connection c, String column) throws SQLException;

    /**
     * Brings a database made by an older version up to the current schema, idempotently:
     * version 2 added the client's {@code event_id} (idempotent writes) with a unique index.
     */
    private void migrate(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (!hasEventColumn(c, "event_id")) {
                st.execute("ALTER TABLE events ADD COLUMN event_id TEXT");
            }
            st.execute(EVENT_ID_INDEX);
        }
    }

    /**
     * Called by subclass constructors once they can connect: creates the tables (a read-only store
     * leaves the database as it is).
     */
    final void init(Connections connections) {
        this.connections = connections;
        if (readOnly) {
            return;
        }
        try {
            connections.write(c -> {
                try (Statement st = c.createStatement()) {
                    for (String sql : createStatements()) {
                        st.execute(sql);
                    }
                }
                migrate(c);
                return null;
            });
        } catch (SQLException e) {
            connections.close();
            throw new EventStoreException("cannot open event store " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int append(List<Event> events, List<String> eventIds) {
        if (eventIds != null && eventIds.size() != events.size()) {
            throw new IllegalArgumentException(
                    eventIds.size() + " event ids for " + events.size() + " events; give one per event");
        }
        if (events.isEmpty()) {
            return 0;
        }
        try {
            return write(c -> {
                try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
                    for (int i = 0; i < events.size(); i++) {
                        Event e = events.get(i);
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
                        String id = eventIds == null ? null : eventIds.get(i);
                        if (id == null) {
                            ps.setNull(6, Types.VARCHAR);
                        } else {
                            ps.setString(6, id);
                        }
                        ps.addBatch();
                    }
                    int stored = 0;
                    for (int n : ps.executeBatch()) {
                        // SUCCESS_NO_INFO (-2): a driver that does not count; taken as stored.
                        stored += n == Statement.SUCCESS_NO_INFO ? 1 : n;
                    }
                    return stored;
                }
            });
        } catch (SQLException e) {
            throw failure("could not store " + events.size() + " events", e);
        }
    }

    @Override
    public List<Event> eventsFor(String user, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        try {
            return connections.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(SELECT_USER)) {
                    ps.setString(1, user);
                    ps.setInt(2, limit);
                    List<Event> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            float rating = rs.getFloat(5);
                            if (rs.wasNull()) {
                                rating = Float.NaN;
                            }
                            out.add(new Event(
                                    rs.getString(1), rs.getString(2), rs.getLong(3), rating, rs.getString(4)));
                        }
                    }
                    Collections.reverse(out);
                    return out;
                }
            });
        } catch (SQLException e) {
            throw failure("could not read events of a user", e);
        }
    }

    @Override
    public boolean usersWithEvents(java.util.function.Consumer<String> user) {
        try {
            return connections.read(c -> {
                // one pass over the (user_id, ts, seq) index
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT DISTINCT user_id FROM events")) {
                    while (rs.next()) {
                        user.accept(rs.getString(1));
                    }
                    return true;
                }
            });
        } catch (SQLException e) {
            throw failure("could not list the users with events", e);
        }
    }

    @Override
    public long count() {
        try {
            return connections.read(c -> {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        } catch (SQLException e) {
            throw failure("could not count events", e);
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
        try {
            write(c -> {
                try (PreparedStatement ps = c.prepareStatement(UPSERT_ITEM)) {
                    ps.setString(1, meta.itemId());
                    ps.setString(2, json);
                    ps.setLong(3, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("could not store item metadata", e);
        }
    }

    @Override
    public List<ItemMeta> items() {
        List<String> rows;
        try {
            rows = connections.read(c -> {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT meta FROM item_meta ORDER BY item_id")) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw failure("could not read item metadata", e);
        }
        return parseItems(rows);
    }

    private static List<ItemMeta> parseItems(List<String> rows) {
        List<ItemMeta> out = new ArrayList<>(rows.size());
        for (String row : rows) {
            try {
                out.add(JSON.readValue(row, ItemMeta.class));
            } catch (JsonProcessingException e) {
                throw new EventStoreException("stored item metadata is damaged: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    @Override
    public StoredEvents storedAfter(long after) {
        List<String> meta = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        long last;
        try {
            last = connections.read(c -> {
                long seq = after;
                try (PreparedStatement ps = c.prepareStatement(SELECT_AFTER)) {
                    ps.setLong(1, after);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            seq = rs.getLong(1);
                            double rating = rs.getDouble(6);
                            float r = rs.wasNull() ? Float.NaN : (float) rating;
                            events.add(new Event(rs.getString(2), rs.getString(3), rs.getLong(4), r, rs.getString(5)));
                        }
                    }
                }
                // new items' content, sent with PUT /v1/items (a store written before item
                // metadata was kept has no such table, and a read-only store does not make it)
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT meta FROM item_meta ORDER BY item_id")) {
                    while (rs.next()) {
                        meta.add(rs.getString(1));
                    }
                } catch (SQLException e) {
                    meta.clear(); // no metadata table: no content for new items
                }
                return seq;
            });
        } catch (SQLException e) {
            throw failure("could not read the events after position " + after, e);
        }
        return new StoredEvents(events, parseItems(meta), last);
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
     * Runs {@code body} on a pooled read connection; a failure becomes an {@link
     * EventStoreException} saying "could not {@code what}".
     */
    final <T> T readQuery(String what, SqlRead<T> body) {
        try {
            return connections.read(body::apply);
        } catch (SQLException e) {
            throw failure("could not " + what, e);
        }
    }

    @Override
    public boolean healthy() {
        return !closed && connections.probe();
    }

    /** A write that {@link #close()} lets finish: counted from before the check of closed. */
    private <T> T write(Connections.Work<T> work) throws SQLException {
        writesInFlight.incrementAndGet();
        try {
            if (closed) {
                throw new SQLException("event store is closed");
            }
            if (readOnly) {
                throw new SQLException("event store " + description + " is open read-only");
            }
            return connections.write(work);
        } finally {
            writesInFlight.decrementAndGet();
        }
    }

    /** Refuses new work, waits (bounded) for writes in flight to commit, then disconnects. */
    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + CLOSE_WAIT_MS * 1_000_000;
        while (writesInFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        connections.close();
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * The exception for a failed statement: {@link RejectedInputException} when the database
     * refused the values (retrying cannot help), {@link EventStoreException} otherwise.
     */
    private static RuntimeException failure(String what, SQLException e) {
        // A batch's own message repeats the statement with its values (user ids): use the cause's.
        SQLException cause =
                e instanceof java.sql.BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
        String first = cause.getMessage() == null
                ? ""
                : cause.getMessage().lines().findFirst().orElse("").trim();
        if (isInputError(e)) {
            return new RejectedInputException("the database refused the values: " + first, e);
        }
        return new EventStoreException(what + ": " + first, e);
    }

    /**
     * SQLSTATE class 22 (data exception: bad encoding, value out of range) or 23 (integrity
     * constraint); sqlite-jdbc sets no SQLSTATE, so its primary result codes are checked instead:
     * 18 SQLITE_TOOBIG, 19 SQLITE_CONSTRAINT, 20 SQLITE_MISMATCH.
     */
    static boolean isInputError(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return true;
        }
        if (e.getClass().getName().startsWith("org.sqlite.")) {
            int code = e.getErrorCode() & 0xff;
            return code == 18 || code == 19 || code == 20;
        }
        return false;
    }
}
