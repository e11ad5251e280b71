package io.attnrec.serve.store;

import java.time.Duration;

/**
 * Connection settings of a PostgreSQL event store (SQLite, embedded, needs none of them).
 *
 * @param poolSize most connections the pool opens (HikariCP)
 * @param connectTimeout longest wait for a connection, new or from the pool: a write while the
 *     database is unreachable fails (503) after this long instead of hanging
 * @param statementTimeout longest a statement may run on the server ({@code statement_timeout});
 *     the client-side socket timeout is this plus 5 s, for a server that stopped answering at all
 */
public record StoreSettings(int poolSize, Duration connectTimeout, Duration statementTimeout) {

    public StoreSettings {
        if (poolSize < 1 || poolSize > 1000) {
            throw new IllegalArgumentException("database pool size must be in 1..1000, got " + poolSize);
        }
        if (connectTimeout == null || connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException(
                    "database connect timeout must be at least 250 ms, got " + connectTimeout);
        }
        if (statementTimeout == null || statementTimeout.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "database statement timeout must be at least 100 ms, got " + statementTimeout);
        }
    }

    /** 8 connections, 2 s to connect, 5 s per statement. */
    public static StoreSettings defaults() {
        return new StoreSettings(8, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /** The socket read timeout: a statement's limit plus a margin for the answer to arrive. */
    public Duration socketTimeout() {
        return statementTimeout.plusSeconds(5);
    }
}
