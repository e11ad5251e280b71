package io.attnrec.cli;

/** Small helpers shared by the commands. */
final class Cli {

    private Cli() {}

    /** Progress and notes go to stderr, so stdout stays clean for tables and JSON. */
    static void info(String message) {
        System.err.println("attnrec: " + message);
    }

    /** The split's protocol as a model's manifest records it: its name and settings as text. */
    static java.util.Map<String, String> protocolOf(io.attnrec.core.split.Split split) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("name", split.protocol());
        split.settings().forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
    }
}
