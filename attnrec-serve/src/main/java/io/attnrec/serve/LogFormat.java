package io.attnrec.serve;

import java.util.Locale;

/** Form of the server's request logs (access lines, request warnings): see {@link RequestLog}. */
public enum LogFormat {
    /** Human-readable lines through SLF4J (standard error for {@code attnrec serve}). */
    TEXT,
    /** One JSON object a line on standard output, for a log collector. */
    JSON;

    /** {@code text} or {@code json}, any case. */
    public static LogFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("log format must be text or json, got '" + s + "'");
        }
    }
}
