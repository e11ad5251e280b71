package io.attnrec.cli;

import picocli.CommandLine.Option;

/** The event store named by {@code --db}: where {@code serve} writes events and {@code update} reads them. */
final class DatabaseOption {

    @Option(
            names = "--db",
            defaultValue = "sqlite:attnrec-events.db",
            paramLabel = "URL",
            description = "Event store: sqlite:FILE or jdbc:postgresql://... (default: ${DEFAULT-VALUE}).")
    String db;
}
