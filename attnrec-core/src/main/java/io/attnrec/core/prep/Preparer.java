package io.attnrec.core.prep;

import io.attnrec.core.data.Event;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.RawData;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns raw events into a {@link Dataset}: the steps every protocol starts from, in this order:
 *
 * <ol>
 *   <li>chronological order: a stable sort on the timestamp, so events with equal timestamps keep
 *       their file order (the usual case for formats without time, and for same-second ratings);
 *   <li>rating threshold: events rated below {@link PrepConfig#ratingThreshold()} are dropped
 *       (unrated events are kept); ratings are kept in the output whenever the data has them;
 *   <li>de-duplication ({@link PrepConfig#dedup()}): only the first (oldest) event of each (user,
 *       item) pair stays;
 *   <li>iterative k-core: users with fewer than {@code max(kCore, minSeqLength)} events and items
 *       with fewer than {@code kCore} are dropped, repeatedly, until nothing changes, so the result
 *       satisfies both bounds at once;
 *   <li>maximum length: each user keeps only their {@link PrepConfig#maxSeqLength()} most recent
 *       events (this may leave an item below k; items with no event left get no id);
 *   <li>dense ids in order of first appearance in the chronological order: users from 0, items
 *       from 1 (0 = padding).
 * </ol>
 *
 * The same input and configuration always give the same output: no step depends on hash order or
 * randomness.
 */
public final class Preparer {

    private Preparer() {}

    /**
     * Prepares {@code raw} according to {@code config}.
     *
     * @throws IllegalArgumentException when no interaction is left
     */
    public static Dataset prepare(RawData raw, PrepConfig config) {
        List<Event> events = raw.events();
        int n = events.size();

        // Interim dense ids (file order) so that every later step works on int arrays.
        int[] user = new int[n];
        int[] item = new int[n];
        long[] time = new long[n];
        Map<String, Integer> userIds = new HashMap<>();
        Map<String, Integer> itemIds = new HashMap<>();
        String[] userNames = new String[n];
        String[] itemNames = new String[n];
        boolean threshold = !Double.isNaN(config.ratingThreshold());
        int kept = 0;
        int[] candidates = new int[n];
        for (int e = 0; e < n; e++) {
            Event ev = events.get(e);
            time[e] = ev.timestamp();
            if (threshold && ev.hasRating() && ev.rating() < config.ratingThreshold()) {
                continue;
            }
            user[e] = intern(userIds, userNames, ev.user());
            item[e] = intern(itemIds, itemNames, ev.item());
            candidates[kept++] = e;
        }
        int[] order = Arrays.copyOf(candidates, kept);
        stableSortByTime(order, time);
        int numUsers = userIds.size();
        int numItems = itemIds.size();

        // Group by user, keeping chronological order within each user.
        int[] start = new int[numUsers + 1];
        for (int e : order) {
            start[user[e] + 1]++;
        }
        for (int u = 0; u < numUsers; u++) {
            start[u + 1] += start[u];
        }
        int[] byUser = new int[order.length];
        int[] fill = Arrays.copyOf(start, numUsers);
        for (int e : order) {
            byUser[fill[user[e]]++] = e;
        }

        boolean[] alive = new boolean[n];
        for (int e : order) {
            alive[e] = true;
        }
        if (config.dedup()) {
            // stamp[i] == u + 1 marks item i as already seen in user u's history.
            int[] stamp = new int[numItems];
            for (int u = 0; u < numUsers; u++) {
                for (int p = start[u]; p < start[u + 1]; p++) {
                    int e = byUser[p];
                    if (stamp[item[e]] == u + 1) {
                        alive[e] = false;
                    } else {
                        stamp[item[e]] = u + 1;
                    }
                }
            }
        }

        kCore(
                order,
                user,
                item,
                alive,
                numUsers,
                numItems,
                Math.max(config.kCore(), config.minSeqLength()),
                config.kCore());

        if (config.maxSeqLength() > 0) {
            for (int u = 0; u < numUsers; u++) {
                int left = config.maxSeqLength();
                for (int p = start[u + 1] - 1; p >= start[u]; p--) {
                    int e = byUser[p];
                    if (alive[e]) {
                        if (left > 0) {
                            left--;
                        } else {
                            alive[e] = false;
                        }
                    }
                }
            }
        }

        // Final ids: order of first appearance in the chronological order.
        IdMap users = new IdMap(false);
        IdMap items = new IdMap(true);
        int[] finalUser = new int[numUsers];
        int[] finalItem = new int[numItems];
        Arrays.fill(finalUser, -1);
        Arrays.fill(finalItem, -1);
        boolean anyRating = false;
        for (int e : order) {
            if (!alive[e]) {
                continue;
            }
            if (finalUser[user[e]] < 0) {
                finalUser[user[e]] = users.add(userNames[user[e]]);
            }
            if (finalItem[item[e]] < 0) {
                finalItem[item[e]] = items.add(itemNames[item[e]]);
            }
            anyRating |= events.get(e).hasRating();
        }
        if (users.size() == 0) {
            throw new IllegalArgumentException("no interactions are left in " + raw.name() + " after preparation ("
                    + describe(config) + "); relax the filters");
        }

        int[][] sequences = new int[users.size()][];
        long[][] timestamps = new long[users.size()][];
        float[][] ratings = anyRating ? new float[users.size()][] : null;
        for (int u = 0; u < numUsers; u++) {
            int fu = finalUser[u];
            if (fu < 0) {
                continue;
            }
            int len = 0;
            for (int p = start[u]; p < start[u + 1]; p++) {
                if (alive[byUser[p]]) {
                    len++;
                }
            }
            int[] seq = new int[len];
            long[] ts = new long[len];
            float[] rs = anyRating ? new float[len] : null;
            int j = 0;
            for (int p = start[u]; p < start[u + 1]; p++) {
                int e = byUser[p];
                if (!alive[e]) {
                    continue;
                }
                seq[j] = finalItem[item[e]];
                ts[j] = time[e];
                if (rs != null) {
                    rs[j] = events.get(e).rating();
                }
                j++;
            }
            sequences[fu] = seq;
            timestamps[fu] = ts;
            if (ratings != null) {
                ratings[fu] = rs;
            }
        }
        return new Dataset(raw.name(), users, items, sequences, timestamps, ratings, raw.catalog());
    }

    private static int intern(Map<String, Integer> ids, String[] names, String external) {
        Integer id = ids.get(external);
        if (id == null) {
            id = ids.size();
            ids.put(external, id);
            names[id] = external;
        }
        return id;
    }

    /**
     * Iterative k-core: drops events of users below {@code minUser} and items below {@code
     * minItem} until a full pass changes nothing.
     */
    private static void kCore(
            int[] order,
            int[] user,
            int[] item,
            boolean[] alive,
            int numUsers,
            int numItems,
            int minUser,
            int minItem) {
        if (minUser <= 1 && minItem <= 1) {
            return;
        }
        int[] userCount = new int[numUsers];
        int[] itemCount = new int[numItems];
        boolean changed = true;
        while (changed) {
            Arrays.fill(userCount, 0);
            Arrays.fill(itemCount, 0);
            for (int e : order) {
                if (alive[e]) {
                    userCount[user[e]]++;
                    itemCount[item[e]]++;
                }
            }
            changed = false;
            for (int e : order) {
                if (alive[e] && (userCount[user[e]] < minUser || itemCount[item[e]] < minItem)) {
                    alive[e] = false;
                    changed = true;
                }
            }
        }
    }

    /** Stable merge sort of event indices by time: equal times keep their current order. */
    static void stableSortByTime(int[] idx, long[] time) {
        boolean sorted = true;
        for (int i = 1; i < idx.length && sorted; i++) {
            sorted = time[idx[i - 1]] <= time[idx[i]];
        }
        if (sorted) {
            return; // formats without time are already in order
        }
        int[] buf = new int[idx.length];
        for (int width = 1; width < idx.length; width *= 2) {
            for (int lo = 0; lo < idx.length; lo += 2 * width) {
                int mid = Math.min(lo + width, idx.length);
                int hi = Math.min(lo + 2 * width, idx.length);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    // "<=" takes from the left run on ties: that is what makes the sort stable.
                    buf[k++] = time[idx[i]] <= time[idx[j]] ? idx[i++] : idx[j++];
                }
                while (i < mid) {
                    buf[k++] = idx[i++];
                }
                while (j < hi) {
                    buf[k++] = idx[j++];
                }
            }
            System.arraycopy(buf, 0, idx, 0, idx.length);
        }
    }

    private static String describe(PrepConfig c) {
        return "dedup " + c.dedup() + ", rating threshold " + c.ratingThreshold() + ", k-core " + c.kCore()
                + ", min length " + c.minSeqLength() + ", max length " + c.maxSeqLength();
    }
}
