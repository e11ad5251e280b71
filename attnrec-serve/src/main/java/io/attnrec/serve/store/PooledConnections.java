package io.attnrec.serve.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A HikariCP pool of PostgreSQL connections with bounded waits everywhere: connecting (driver
 * {@code connectTimeout} and the pool's {@code connectionTimeout}), each statement (server-side
 * {@code statement_timeout}) and each socket read (driver {@code socketTimeout}, for a server that
 * stopped answering). So while the database is down or unreachable a request fails after the
 * connect timeout instead of hanging a server thread. Writes and reads run concurrently, each on
 * a connection of its own; the pool replaces broken connections.
 */
final class PooledConnections implements Connections {

    private final HikariDataSource pool;
    private volatile boolean closed;

    /**
     * Connects to {@code url}.
     *
     * @throws SQLException when the database cannot be reached within the connect timeout
     */
    PooledConnections(String url, StoreSettings settings, String poolName, boolean readOnly) throws SQLException {
        HikariConfig c = new HikariConfig();
        c.setReadOnly(readOnly);
        c.setJdbcUrl(url);
        c.setPoolName(poolName);
        c.setMaximumPoolSize(settings.poolSize());
        c.setMinimumIdle(Math.min(2, settings.poolSize()));
        c.setConnectionTimeout(settings.connectTimeout().toMillis());
        // Checking a borrowed connection must fit inside the wait for it (Hikari requires <).
        c.setValidationTimeout(
                Math.max(250, Math.min(1000, settings.connectTimeout().toMillis() / 2)));
        c.setAutoCommit(true);
        // The PostgreSQL driver takes these in seconds.
        c.addDataSourceProperty(
                "connectTimeout", seconds(settings.connectTimeout().toMillis()));
        // The whole login, for a server that accepts TCP but never answers the start-up message
        // (without it the driver waits a socket timeout per attempt, SSL and plain: 12 s here).
        c.addDataSourceProperty(
                "loginTimeout", seconds(settings.connectTimeout().toMillis()));
        c.addDataSourceProperty(
                "socketTimeout", seconds(settings.socketTimeout().toMillis()));
        c.addDataSourceProperty("tcpKeepAlive", "true");
        c.setConnectionInitSql(
                "SET statement_timeout = " + settings.statementTimeout().toMillis());
        // Fail the start at once when the database is unreachable (one attempt, then the error).
        c.setInitializationFailTimeout(1);
        try {
            this.pool = new HikariDataSource(c);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof SQLException s ? s : new SQLException(cause.getMessage(), "08001", cause);
        }
    }

    private static String seconds(long millis) {
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }

    @Override
    public <T> T write(Work<T> work) throws SQLException {
        ensureOpen();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r); // the pool evicts a connection that failed this way
                }
                throw e;
            }
        }
    }

    @Override
    public <T> T read(Work<T> work) throws SQLException {
        ensureOpen();
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    @Override
    public boolean probe() {
        if (closed) {
            return false;
        }
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("event store is closed");
        }
    }
}
