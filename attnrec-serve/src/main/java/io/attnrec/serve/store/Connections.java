package io.attnrec.serve.store;

import java.sql.Connection;
import java.sql.SQLException;

/** How a {@link JdbcStoreBase} gets its connections: dedicated ones (SQLite) or a pool. */
interface Connections extends AutoCloseable {

    /** Work on a connection; may throw {@link SQLException}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction and commits it; rolls back and rethrows on failure. The
     * commit has returned (the data is durable) when this returns.
     */
    <T> T write(Work<T> work) throws SQLException;

    /** Runs {@code work} on a connection in auto-commit mode. */
    <T> T read(Work<T> work) throws SQLException;

    /** True when the database answers within about a second. */
    boolean probe();

    @Override
    void close();

    /** A connection-class error (SQLSTATE 08xxx): the connection is broken and must be dropped. */
    static boolean isConnectionError(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing a broken connection may fail; it is being discarded either way.
            }
        }
    }
}
