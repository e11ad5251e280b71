package io.attnrec.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-request logging: the request id and one access-log line per request (timestamp, request
 * id, method, route, status, duration), plus the request's warnings and errors tagged with its id.
 *
 * <p>{@link LogFormat#TEXT}: lines through SLF4J (logger {@code io.attnrec.serve.access} for
 * access lines). {@link LogFormat#JSON}: one JSON object a line on the JSON sink (standard output
 * for {@code attnrec serve}), for a log collector; server life-cycle messages stay text on
 * standard error.
 */
final class RequestLog {

    static final String HEADER = "X-Request-Id";

    private static final Logger ACCESS = LoggerFactory.getLogger("io.attnrec.serve.access");
    private static final Logger LOG = LoggerFactory.getLogger(AttnrecServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A client's id is used only when it cannot break a log line or forge a field. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private final LogFormat format;
    private final boolean access;
    private final Consumer<String> jsonSink;

    RequestLog(LogFormat format, boolean access, Consumer<String> jsonSink) {
        this.format = format;
        this.access = access;
        this.jsonSink = jsonSink;
    }

    /** The client's {@code X-Request-Id} when it is a safe token, else a new random id. */
    static String requestId(String header) {
        if (header != null && CLIENT_ID.matcher(header).matches()) {
            return header;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
    }

    /** One access-log line. */
    void access(String requestId, String method, String route, int status, long nanos) {
        if (!access) {
            return;
        }
        double ms = nanos / 1e6;
        if (format == LogFormat.JSON) {
            Map<String, Object> line = start("info", "access", requestId);
            line.put("method", method);
            line.put("route", route);
            line.put("status", status);
            line.put("duration_ms", Math.round(ms * 1000) / 1000.0);
            emit(line);
        } else {
            if (!ACCESS.isInfoEnabled()) {
                return;
            }
            ACCESS.info(textLine(
                    Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    requestId,
                    method,
                    route,
                    status,
                    nanos));
        }
    }

    /**
     * A text access line, {@code "TIME ID METHOD ROUTE STATUS 12.345 ms"}, built by hand:
     * String.format's parser and Formatter cost more than the rest of the line at thousands of
     * requests a second (issue 20).
     */
    static String textLine(Instant time, String requestId, String method, String route, int status, long nanos) {
        long micros = Math.round(nanos / 1e3);
        long frac = micros % 1000;
        StringBuilder b = new StringBuilder(96)
                .append(time)
                .append(' ')
                .append(requestId)
                .append(' ')
                .append(method)
                .append(' ')
                .append(route)
                .append(' ')
                .append(status)
                .append(' ')
                .append(micros / 1000)
                .append('.');
        if (frac < 100) {
            b.append(frac < 10 ? "00" : "0");
        }
        return b.append(frac).append(" ms").toString();
    }

    /** A warning about one request (store unavailable, input the database refused). */
    void warn(String requestId, String method, String route, String message) {
        if (format == LogFormat.JSON) {
            Map<String, Object> line = start("warn", "request", requestId);
            line.put("method", method);
            line.put("route", route);
            line.put("message", message);
            emit(line);
        } else {
            LOG.warn("[{}] {} {}: {}", requestId, method, route, message);
        }
    }

    /** An unexpected failure of one request; the stack trace always goes to the text log. */
    void error(String requestId, String method, String route, Throwable e) {
        if (format == LogFormat.JSON) {
            Map<String, Object> line = start("error", "request", requestId);
            line.put("method", method);
            line.put("route", route);
            line.put("message", "unhandled error: " + e);
            emit(line);
        }
        LOG.error("[{}] unhandled error on {} {}", requestId, method, route, e);
    }

    private static Map<String, Object> start(String level, String kind, String requestId) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put(
                "ts",
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        line.put("level", level);
        line.put("log", kind);
        line.put("request_id", requestId);
        return line;
    }

    private void emit(Map<String, Object> line) {
        try {
            jsonSink.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            LOG.warn("could not write a JSON log line: {}", e.getOriginalMessage());
        }
    }
}
