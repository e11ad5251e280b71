package io.attnrec.serve.store;

import io.attnrec.serve.store.EventStore.Span;
import io.attnrec.serve.store.EventStore.UserCount;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL behind the dashboard's read endpoints (events over time, users with events, item
 * metadata version), shared by SQLite and PostgreSQL. Every statement runs through {@link
 * JdbcStoreBase#readQuery}, so connection handling stays in one place.
 */
final class DashboardQueries {

    private DashboardQueries() {}

    static Span span(JdbcStoreBase store, String item) {
        String sql = "SELECT COUNT(*), MIN(ts), MAX(ts) FROM events" + (item == null ? "" : " WHERE item_id = ?");
        return store.readQuery("read the events' time span", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (item != null) {
                    ps.setString(1, item);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Span(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                }
            }
        });
    }

    static long[] histogram(JdbcStoreBase store, String item, long from, long width, int buckets) {
        if (width < 1 || buckets < 1) {
            throw new IllegalArgumentException("width and buckets must be positive");
        }
        long to = from + width * buckets;
        // The bucket is computed once in a sub-select: PostgreSQL would not accept grouping by an
        // expression whose parameters differ from the selected one's.
        String sql = "SELECT b, COUNT(*) FROM (SELECT (ts - ?) / ? AS b FROM events WHERE ts >= ? AND ts < ?"
                + (item == null ? "" : " AND item_id = ?") + ") t GROUP BY b";
        return store.readQuery("count events over time", c -> {
            long[] out = new long[buckets];
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, from);
                ps.setLong(2, width);
                ps.setLong(3, from);
                ps.setLong(4, to);
                if (item != null) {
                    ps.setString(5, item);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long b = rs.getLong(1);
                        if (b >= 0 && b < buckets) {
                            out[(int) b] += rs.getLong(2);
                        }
                    }
                }
            }
            return out;
        });
    }

    static long userCount(JdbcStoreBase store) {
        return store.readQuery("count users", c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT user_id) FROM events")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static List<UserCount> users(JdbcStoreBase store, String query, int offset, int limit) {
        // LIKE with an escape character so that '%' and '_' in the query match literally.
        String sql = "SELECT user_id, COUNT(*) AS n FROM events"
                + (query.isEmpty() ? "" : " WHERE user_id LIKE ? ESCAPE '!'")
                + " GROUP BY user_id ORDER BY n DESC, user_id LIMIT ? OFFSET ?";
        return store.readQuery("list users", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (!query.isEmpty()) {
                    String escaped = query.replace("!", "!!").replace("%", "!%").replace("_", "!_");
                    ps.setString(i++, "%" + escaped + "%");
                }
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                List<UserCount> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new UserCount(rs.getString(1), rs.getLong(2)));
                    }
                }
                return out;
            }
        });
    }

    static long itemsVersion(JdbcStoreBase store) {
        return store.readQuery("read item metadata", c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(MAX(updated_ms), 0) FROM item_meta")) {
                rs.next();
                // Count and newest write together: a new item bumps the count, a replaced one the time.
                return rs.getLong(2) * 31 + rs.getLong(1);
            }
        });
    }
}
