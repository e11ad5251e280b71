package io.attnrec.serve.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Two long-lived connections: writes go through one (serialised, explicit transactions) and reads
 * through the other, so a long read never holds up a commit. Each is guarded by its own lock
 * because a JDBC connection is not safe for concurrent use. A connection that fails with a
 * connection-class error (SQLSTATE 08xxx) is dropped and reopened on the next call. Right for
 * SQLite, which has one writer at a time anyway.
 */
final class DedicatedConnections implements Connections {

    /** Opens a new connection with the dialect's settings. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final Object writeLock = new Object();
    private final Object readLock = new Object();
    private Connection writer;
    private Connection reader;
    private volatile boolean closed;

    DedicatedConnections(Connector connector) {
        this.connector = connector;
    }

    @Override
    public <T> T write(Work<T> work) throws SQLException {
        synchronized (writeLock) {
            Connection c = null;
            try {
                c = writer();
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                rollback(c, e);
                throw e;
            }
        }
    }

    @Override
    public <T> T read(Work<T> work) throws SQLException {
        synchronized (readLock) {
            try {
                return work.run(reader());
            } catch (SQLException e) {
                if (Connections.isConnectionError(e)) {
                    Connections.closeQuietly(reader);
                    reader = null;
                }
                throw e;
            }
        }
    }

    @Override
    public boolean probe() {
        if (closed) {
            return false;
        }
        try {
            return read(c -> c.isValid(1));
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (writeLock) {
            Connections.closeQuietly(writer);
            writer = null;
        }
        synchronized (readLock) {
            Connections.closeQuietly(reader);
            reader = null;
        }
    }

    private Connection writer() throws SQLException {
        ensureOpen();
        if (writer == null) {
            writer = connector.connect();
            writer.setAutoCommit(false);
        }
        return writer;
    }

    private Connection reader() throws SQLException {
        ensureOpen();
        if (reader == null) {
            reader = connector.connect();
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
                Connections.closeQuietly(writer);
                writer = null;
                return;
            }
        }
        if (Connections.isConnectionError(cause)) {
            Connections.closeQuietly(writer);
            writer = null;
        }
    }
}
