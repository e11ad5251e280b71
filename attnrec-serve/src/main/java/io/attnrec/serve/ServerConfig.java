package io.attnrec.serve;

import io.attnrec.serve.retrieval.RetrievalConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * @param apiKeys keys accepted in {@code Authorization: Bearer KEY} on write requests; empty =
 *     writes need no key (only sensible on loopback)
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
 * @param maxCachedUsers users whose stored events are kept in memory between requests
 */
public record ServerConfig(
        String host,
        int port,
        String database,
        Set<String> apiKeys,
        long maxBodyBytes,
        int maxK,
        int maxHistory,
        int maxBatchEvents,
        Path models,
        String initialModel,
        RetrievalConfig retrieval,
        int maxCachedUsers) {

    /** Environment variable holding comma-separated API keys. */
    public static final String API_KEYS_ENV = "ATTNREC_API_KEYS";

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
        apiKeys = Set.copyOf(apiKeys);
        for (String key : apiKeys) {
            if (key.isBlank() || key.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("API keys must be non-empty printable ASCII without spaces");
            }
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
        if (retrieval == null) {
            throw new IllegalArgumentException("retrieval settings are required");
        }
        if (maxCachedUsers < 0) {
            throw new IllegalArgumentException("maxCachedUsers must not be negative, got " + maxCachedUsers);
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
        b.maxBodyBytes = maxBodyBytes;
        b.maxK = maxK;
        b.maxHistory = maxHistory;
        b.maxBatchEvents = maxBatchEvents;
        b.models = models;
        b.initialModel = initialModel;
        b.retrieval = retrieval;
        b.maxCachedUsers = maxCachedUsers;
        return b;
    }

    /** Keys from a comma-separated list (the {@value #API_KEYS_ENV} format); blanks are dropped. */
    public static Set<String> parseApiKeys(String commaSeparated) {
        Set<String> keys = new LinkedHashSet<>();
        if (commaSeparated != null) {
            Arrays.stream(commaSeparated.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(keys::add);
        }
        return keys;
    }

    /** Keys from a file: one per line; blank lines and lines starting with '#' are ignored. */
    public static Set<String> readApiKeys(Path file) {
        try {
            Set<String> keys = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    keys.add(t);
                }
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Mutable builder with the documented defaults. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private String database = "sqlite:attnrec-events.db";
        private Set<String> apiKeys = Set.of();
        private long maxBodyBytes = 1 << 20;
        private int maxK = 1000;
        private int maxHistory = 10_000;
        private int maxBatchEvents = 10_000;
        private Path models;
        private String initialModel;
        private RetrievalConfig retrieval = RetrievalConfig.defaults();
        private int maxCachedUsers = 100_000;

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

        /** Reads {@value #API_KEYS_ENV} from the environment (no keys when unset). */
        public Builder apiKeysFromEnvironment() {
            apiKeys = parseApiKeys(System.getenv(API_KEYS_ENV));
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

        public Builder maxCachedUsers(int v) {
            maxCachedUsers = v;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    database,
                    apiKeys,
                    maxBodyBytes,
                    maxK,
                    maxHistory,
                    maxBatchEvents,
                    models,
                    initialModel,
                    retrieval,
                    maxCachedUsers);
        }
    }
}
