package io.attnrec.serve;

import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.store.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Settings of an {@link AttnrecServer}. Build with {@link #builder()}; every value is checked
 * here so that a bad setting fails at start-up with one clear sentence.
 *
 * @param host interface to bind; {@code 127.0.0.1} (loopback only) unless told otherwise
 * @param port TCP port; 0 picks a free one ({@link AttnrecServer#port()} tells which)
 * @param database event store: {@code sqlite:FILE} or {@code jdbc:postgresql://HOST/DB?...}
 * @param apiKeys write keys, accepted in {@code Authorization: Bearer KEY} on every request under
 *     {@code /v1/} and {@code /metrics}; empty = writes need no key (allowed on loopback, or with
 *     {@code allowOpen})
 * @param readKeys read keys: when not empty, every read under {@code /v1/} except the open ones
 *     ({@link AccessControl}) and {@code /metrics} needs a read key or a write key; empty = reads
 *     need no key (allowed on loopback, or with {@code allowOpen})
 * @param allowOpen allow a non-loopback {@code host} without write or read keys (otherwise such a
 *     configuration is refused)
 * @param allowedOrigins browser origins ({@code https://recs.example.com}) accepted in an {@code
 *     Origin} header besides the server's own loopback and bind addresses (a dashboard served
 *     behind a reverse proxy under a public name)
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param maxK largest {@code k} a request may ask for
 * @param maxHistory longest history a request may send; stored histories are cut to their most
 *     recent {@code maxHistory} items before scoring
 * @param maxBatchEvents most events in one {@code POST /v1/events}
 * @param models a folder of model artifacts or one artifact directory; {@code null} when the
 *     models are given in code
 * @param initialModel name of the model to serve at start, or {@code null} for the registry's
 *     default (the only model, or the first by name)
 * @param retrieval exact versus approximate retrieval settings
 * @param drainTimeout on shutdown, longest wait for the requests in flight to finish
 * @param shutdownGrace on shutdown, time between {@code /ready} turning 503 and the server
 *     refusing new connections (for a load balancer to stop sending); 0 by default
 * @param logFormat form of the request logs: text lines (SLF4J) or JSON lines on standard output
 * @param accessLog one access-log line per request
 * @param gcAfterActivation run one full garbage collection after each model activation, freeing
 *     the load's direct buffers (without it resident memory grows with every hot swap)
 * @param store connection pool size and timeouts of a PostgreSQL store
 * @param maxCachedEvents stored events kept in memory between requests, over all users (each
 *     cached user also counts one); 0 = read the store on every request
 * @param newItemSlots most catalogue items the active model has never seen that the category
 *     fallback places in one list (ranks 3, 6, ...); 0 turns the fallback off (items scored from
 *     content are merged by score regardless)
 * @param updateEvery how often the scheduled updater runs ({@code attnrec serve --update-every});
 *     null: never
 * @param updateDir where updated models are written; null: the models folder, or beside a
 *     single artifact
 */
public record ServerConfig(
        String host,
        int port,
        String database,
        Set<String> apiKeys,
        Set<String> readKeys,
        boolean allowOpen,
        Set<String> allowedOrigins,
        long maxBodyBytes,
        int maxK,
        int maxHistory,
        int maxBatchEvents,
        Path models,
        String initialModel,
        RetrievalConfig retrieval,
        Duration drainTimeout,
        Duration shutdownGrace,
        LogFormat logFormat,
        boolean accessLog,
        boolean gcAfterActivation,
        StoreSettings store,
        long maxCachedEvents,
        int newItemSlots,
        Duration updateEvery,
        Path updateDir) {

    /** Environment variable holding comma-separated write (API) keys. */
    public static final String API_KEYS_ENV = "ATTNREC_API_KEYS";

    /** Environment variable holding comma-separated read keys. */
    public static final String READ_KEYS_ENV = "ATTNREC_READ_KEYS";

    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (database == null || !(database.startsWith("sqlite:") || database.startsWith("jdbc:"))) {
            throw new IllegalArgumentException(
                    "database must be sqlite:FILE or jdbc:postgresql://..., got '" + database + "'");
        }
        apiKeys = checkKeys(apiKeys, "API (write) keys");
        readKeys = checkKeys(readKeys, "read keys");
        allowedOrigins = checkOrigins(allowedOrigins);
        if (!allowOpen && !isLoopback(host) && (apiKeys.isEmpty() || readKeys.isEmpty())) {
            String missing = apiKeys.isEmpty() && readKeys.isEmpty()
                    ? "without write or read keys: anyone who can reach it could write events and read every user's history"
                    : apiKeys.isEmpty()
                            ? "without write keys: anyone who can reach it could write events"
                            : "without read keys: anyone who can reach it could read every user's history";
            throw new IllegalArgumentException("refusing to listen on " + host + " " + missing + "; set "
                    + API_KEYS_ENV + " and " + READ_KEYS_ENV + " (or --api-keys FILE and --read-keys FILE), bind to"
                    + " 127.0.0.1, or pass --allow-open to accept this");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + maxBodyBytes);
        }
        if (maxK < 1) {
            throw new IllegalArgumentException("maxK must be positive, got " + maxK);
        }
        if (maxHistory < 1) {
            throw new IllegalArgumentException("maxHistory must be positive, got " + maxHistory);
        }
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("maxBatchEvents must be positive, got " + maxBatchEvents);
        }
        if (newItemSlots < 0) {
            throw new IllegalArgumentException("newItemSlots must be >= 0, got " + newItemSlots);
        }
        if (updateEvery != null && updateEvery.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the update interval must be at least 1 second, got " + updateEvery);
        }
        if (retrieval == null) {
            throw new IllegalArgumentException("retrieval settings are required");
        }
        if (drainTimeout == null || drainTimeout.isNegative() || drainTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("drain timeout must be positive, got " + drainTimeout);
        }
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative, got " + shutdownGrace);
        }
        if (logFormat == null) {
            throw new IllegalArgumentException("log format is required");
        }
        if (store == null) {
            throw new IllegalArgumentException("store settings are required");
        }
        if (maxCachedEvents < 0) {
            throw new IllegalArgumentException("maxCachedEvents must not be negative, got " + maxCachedEvents);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.database = database;
        b.apiKeys = apiKeys;
        b.readKeys = readKeys;
        b.allowOpen = allowOpen;
        b.allowedOrigins = allowedOrigins;
        b.maxBodyBytes = maxBodyBytes;
        b.maxK = maxK;
        b.maxHistory = maxHistory;
        b.maxBatchEvents = maxBatchEvents;
        b.models = models;
        b.initialModel = initialModel;
        b.retrieval = retrieval;
        b.drainTimeout = drainTimeout;
        b.shutdownGrace = shutdownGrace;
        b.logFormat = logFormat;
        b.accessLog = accessLog;
        b.gcAfterActivation = gcAfterActivation;
        b.store = store;
        b.maxCachedEvents = maxCachedEvents;
        return b;
    }

    /**
     * Keys from a comma-separated list (the {@value #API_KEYS_ENV} format). {@code null} (the
     * variable is unset) means no keys; a list that is set but holds no key is an error, because
     * treating {@code ATTNREC_API_KEYS=""} as "no authentication" would open the server by accident.
     *
     * @throws IllegalArgumentException for a blank list
     */
    public static Set<String> parseApiKeys(String commaSeparated) {
        return parseKeys(commaSeparated, API_KEYS_ENV);
    }

    /** As {@link #parseApiKeys}, naming {@code source} in the error. */
    public static Set<String> parseKeys(String commaSeparated, String source) {
        Set<String> keys = new LinkedHashSet<>();
        if (commaSeparated == null) {
            return keys;
        }
        Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(keys::add);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(
                    source + " is set but holds no key; give at least one key (comma-separated) or unset it");
        }
        return keys;
    }

    /**
     * Keys from a file: one per line; blank lines and lines starting with '#' are ignored.
     *
     * @throws IllegalArgumentException when the file holds no key (an empty key file is a mistake,
     *     not a request for an open server)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Set<String> readApiKeys(Path file) {
        try {
            Set<String> keys = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    keys.add(t);
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("key file " + file + " holds no key (one key a line expected)");
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** True for {@code localhost} and loopback IP literals ({@code 127.x.x.x}, {@code ::1}). */
    public static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only IP literals are resolved (no DNS lookup): a host name other than localhost counts as
        // reachable from outside.
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Set<String> checkKeys(Set<String> keys, String what) {
        if (keys == null) {
            return Set.of();
        }
        for (String key : keys) {
            if (key == null || key.isBlank() || key.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException(what + " must be non-empty printable ASCII without spaces");
            }
        }
        return Set.copyOf(keys);
    }

    private static Set<String> checkOrigins(Set<String> origins) {
        if (origins == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String o : origins) {
            String normal = AccessControl.normalizeOrigin(o);
            if (normal == null) {
                throw new IllegalArgumentException(
                        "allowed origin '" + o + "' must look like https://host or http://host:port");
            }
            out.add(normal);
        }
        return Set.copyOf(out);
    }

    /** Mutable builder with the documented defaults. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private String database = "sqlite:attnrec-events.db";
        private Set<String> apiKeys = Set.of();
        private Set<String> readKeys = Set.of();
        private boolean allowOpen;
        private Set<String> allowedOrigins = Set.of();
        private long maxBodyBytes = 1 << 20;
        private int maxK = 1000;
        private int maxHistory = 10_000;
        private int maxBatchEvents = 10_000;
        private Path models;
        private String initialModel;
        private RetrievalConfig retrieval = RetrievalConfig.defaults();
        private Duration drainTimeout = Duration.ofSeconds(10);
        private Duration shutdownGrace = Duration.ZERO;
        private LogFormat logFormat = LogFormat.TEXT;
        private boolean accessLog = true;
        private boolean gcAfterActivation = true;
        private StoreSettings store = StoreSettings.defaults();
        // About 150 bytes an event (Event, two strings): some 150 MB at most.
        private long maxCachedEvents = 1_000_000;
        private int newItemSlots = 2;
        private Duration updateEvery;
        private Path updateDir;

        private Builder() {}

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder database(String v) {
            database = v;
            return this;
        }

        public Builder apiKeys(Set<String> v) {
            apiKeys = v;
            return this;
        }

        /**
         * Reads {@value #API_KEYS_ENV} from the environment (no keys when unset).
         *
         * @throws IllegalArgumentException when it is set but blank
         */
        public Builder apiKeysFromEnvironment() {
            apiKeys = parseKeys(System.getenv(API_KEYS_ENV), API_KEYS_ENV);
            return this;
        }

        public Builder readKeys(Set<String> v) {
            readKeys = v;
            return this;
        }

        /**
         * Reads {@value #READ_KEYS_ENV} from the environment (no read keys when unset).
         *
         * @throws IllegalArgumentException when it is set but blank
         */
        public Builder readKeysFromEnvironment() {
            readKeys = parseKeys(System.getenv(READ_KEYS_ENV), READ_KEYS_ENV);
            return this;
        }

        public Builder allowOpen(boolean v) {
            allowOpen = v;
            return this;
        }

        public Builder allowedOrigins(Set<String> v) {
            allowedOrigins = v;
            return this;
        }

        public Builder maxBodyBytes(long v) {
            maxBodyBytes = v;
            return this;
        }

        public Builder maxK(int v) {
            maxK = v;
            return this;
        }

        public Builder maxHistory(int v) {
            maxHistory = v;
            return this;
        }

        public Builder maxBatchEvents(int v) {
            maxBatchEvents = v;
            return this;
        }

        public Builder models(Path v) {
            models = v;
            return this;
        }

        public Builder initialModel(String v) {
            initialModel = v;
            return this;
        }

        public Builder retrieval(RetrievalConfig v) {
            retrieval = v;
            return this;
        }

        public Builder drainTimeout(Duration v) {
            drainTimeout = v;
            return this;
        }

        public Builder shutdownGrace(Duration v) {
            shutdownGrace = v;
            return this;
        }

        public Builder logFormat(LogFormat v) {
            logFormat = v;
            return this;
        }

        public Builder accessLog(boolean v) {
            accessLog = v;
            return this;
        }

        public Builder gcAfterActivation(boolean v) {
            gcAfterActivation = v;
            return this;
        }

        public Builder store(StoreSettings v) {
            store = v;
            return this;
        }

        public Builder maxCachedEvents(long v) {
            maxCachedEvents = v;
            return this;
        }

        public Builder newItemSlots(int v) {
            newItemSlots = v;
            return this;
        }

        /** Runs the server's model updater every {@code v} (null: never). */
        public Builder updateEvery(Duration v) {
            updateEvery = v;
            return this;
        }

        public Builder updateDir(Path v) {
            updateDir = v;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    database,
                    apiKeys,
                    readKeys,
                    allowOpen,
                    allowedOrigins,
                    maxBodyBytes,
                    maxK,
                    maxHistory,
                    maxBatchEvents,
                    models,
                    initialModel,
                    retrieval,
                    drainTimeout,
                    shutdownGrace,
                    logFormat,
                    accessLog,
                    gcAfterActivation,
                    store,
                    maxCachedEvents,
                    newItemSlots,
                    updateEvery,
                    updateDir);
        }
    }
}
