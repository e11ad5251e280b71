package io.attnrec.serve.store;

/** The database failed (cannot open, disk full, connection lost); nothing was written. */
public final class EventStoreException extends RuntimeException {

    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
