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
}
