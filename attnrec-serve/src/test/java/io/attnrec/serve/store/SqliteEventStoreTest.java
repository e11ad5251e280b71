package io.attnrec.serve.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventStoreTest extends EventStoreContract {

    @TempDir
    Path dir;

    @Override
    EventStore open() {
        return EventStore.open("sqlite:" + dir.resolve("events.db"));
    }

    @Override
    EventStore openReadOnly() {
        return EventStore.openReadOnly("sqlite:" + dir.resolve("events.db"));
    }

    @Override
    EventStore openLegacy() throws Exception {
        Path file = dir.resolve("legacy.db");
        if (!java.nio.file.Files.exists(file)) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement st = c.createStatement()) {
                st.execute(String.format(LEGACY_EVENTS, "INTEGER"));
                st.execute("INSERT INTO events (user_id, item_id, ts) VALUES ('" + prefix + "old', 'i1', 1)");
            }
        }
        return EventStore.open("sqlite:" + file);
    }

    @Test
    void usesWalWithFullSync() throws Exception {
        store.append(java.util.List.of(ev("u", "a", 1)));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void rejectsUnknownAndNonDurableUrls() {
        assertThatThrownBy(() -> EventStore.open("mysql://x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sqlite:FILE");
        assertThatThrownBy(() -> EventStore.open("sqlite::memory:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventStore.open("sqlite:" + dir.resolve("missing/dir/x.db")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void jdbcSqliteUrlIsAccepted() {
        try (EventStore s = EventStore.open("jdbc:sqlite:" + dir.resolve("other.db"))) {
            assertThat(s.count()).isZero();
        }
    }

    @Test
    void readingOnlyLeavesAnOlderDatabaseAsItWasAndNeedsAnExistingFile() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            st.execute(String.format(LEGACY_EVENTS, "INTEGER"));
            st.execute(
                    "INSERT INTO events (user_id, item_id, ts, rating) VALUES ('u', 'i1', 1, 4.5), ('u', 'i2', 2, NULL)");
        }
        try (EventStore reader = EventStore.openReadOnly("jdbc:sqlite:" + file)) {
            io.attnrec.core.experiment.UseCases.StoredEvents read = reader.storedAfter(0);
            assertThat(read.events()).extracting(e -> e.item()).containsExactly("i1", "i2");
            assertThat(read.events().get(0).rating()).isEqualTo(4.5f);
            assertThat(read.events().get(1).hasRating()).isFalse();
            assertThat(read.items()).isEmpty(); // no item_meta table in a version-1 store
            assertThat(read.lastSeq()).isEqualTo(2);
        }
        // no migration ran: no event_id column, no metadata table
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master ORDER BY name")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            assertThat(names).containsExactly("events");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA table_info(events)")) {
            while (rs.next()) {
                assertThat(rs.getString("name")).isNotEqualTo("event_id");
            }
        }
        assertThatThrownBy(() -> EventStore.openReadOnly("sqlite:" + dir.resolve("nope.db")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no event store at " + dir.resolve("nope.db"));
        assertThat(dir.resolve("nope.db")).doesNotExist();
    }
}
