package io.attnrec.cli;

/** Small helpers shared by the commands. */
final class Cli {

    private Cli() {}

    /** Progress and notes go to stderr, so stdout stays clean for tables and JSON. */
    static void info(String message) {
        System.err.println("attnrec: " + message);
    }
}
