/**
 * The event store: SQLite or PostgreSQL, read-write for the server, read-only for {@code attnrec update}.
 *
 * <p>Exports {@link EventStore}, {@link EventStoreException}, {@link RejectedInputException},
 * {@link StoreSettings}; the other 7 classes are package-private.
 */
package io.attnrec.serve.store;
