package io.attnrec.serve.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.Event;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Runs the store contract against a real PostgreSQL server, named by the environment variable
 * {@code ATTNREC_TEST_PG_URL} (e.g. {@code jdbc:postgresql://localhost/attnrec_test?user=u}).
 * Skipped when it is not set.
 */
@EnabledIfEnvironmentVariable(
        named = "ATTNREC_TEST_PG_URL",
        matches = "jdbc:postgresql:.+",
        disabledReason = "set ATTNREC_TEST_PG_URL=jdbc:postgresql://... to test the PostgreSQL event store")
class PostgresEventStoreTest extends EventStoreContract {

    @BeforeAll
    static void announce() {
        System.out.println(
                "PostgreSQL event store tests against " + JdbcEventStore.redact(System.getenv("ATTNREC_TEST_PG_URL")));
    }

    @Override
    EventStore open() {
        return EventStore.open(System.getenv("ATTNREC_TEST_PG_URL"));
    }

    @Override
    EventStore openReadOnly() {
        return EventStore.openReadOnly(System.getenv("ATTNREC_TEST_PG_URL"));
    }

    /** A schema of its own (search path) holding the version-1 table, made once per test. */
    private String legacySchema;

    @Override
    EventStore openLegacy() throws Exception {
        String url = System.getenv("ATTNREC_TEST_PG_URL");
        if (legacySchema == null) {
            legacySchema = "legacy_" + prefix.replace("-", "");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                    java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + legacySchema);
                st.execute("SET search_path TO " + legacySchema);
                st.execute(String.format(LEGACY_EVENTS, "BIGSERIAL"));
                st.execute("INSERT INTO events (user_id, item_id, ts) VALUES ('" + prefix + "old', 'i1', 1)");
            }
        }
        return EventStore.open(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + legacySchema);
    }

    @Test
    void textPostgresCannotHoldIsRejectedInputNotAnOutage() {
        // PostgreSQL refuses NUL in text (SQLSTATE 22021): the request is at fault, retrying is futile.
        assertThatThrownBy(() -> store.append(List.of(new Event(prefix + "nul\0user", "i1", 1, Float.NaN, null))))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("refused the values");
        assertThat(store.healthy()).isTrue();
        assertThatThrownBy(() -> store.eventsFor(prefix + "nul\0user", 5)).isInstanceOf(RejectedInputException.class);
        assertThat(store.eventsFor(prefix + "ok", 5)).isEmpty(); // the connection still works
    }

    @Test
    void passwordIsNotShownInDescriptions() {
        assertThat(JdbcEventStore.redact("jdbc:postgresql://h/db?user=a&password=secret"))
                .isEqualTo("jdbc:postgresql://h/db?...");
    }
}
