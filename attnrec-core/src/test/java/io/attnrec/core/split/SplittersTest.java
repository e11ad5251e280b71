package io.attnrec.core.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.eval.EvalCase;
import io.attnrec.core.prep.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplittersTest {

    private static Dataset dataset(int numItems, int[][] seqs, long[][] times, float[][] ratings) {
        List<String> users = new ArrayList<>();
        for (int u = 0; u < seqs.length; u++) {
            users.add("u" + u);
        }
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= numItems; i++) {
            items.add("i" + i);
        }
        return new Dataset(
                "tiny", IdMap.of(false, users), IdMap.of(true, items), seqs, times, ratings, ItemCatalog.empty());
    }

    private static long[][] positions(int[][] seqs) {
        long[][] t = new long[seqs.length][];
        long next = 0;
        for (int u = 0; u < seqs.length; u++) {
            t[u] = new long[seqs[u].length];
            for (int i = 0; i < t[u].length; i++) {
                t[u][i] = next++;
            }
        }
        return t;
    }

    private static void assertCase(EvalCase c, int user, int[] history, int[] targets, int[] excluded) {
        assertThat(c.user()).isEqualTo(user);
        assertThat(c.history()).containsExactly(history);
        assertThat(c.targets()).containsExactly(targets);
        assertThat(c.excluded()).containsExactly(excluded);
    }

    @Test
    void leaveOneOutHoldsOutTheLastTwoItems() {
        int[][] seqs = {
            {1, 2, 3, 4}, // ordinary user
            {5, 2, 5}, // test item 5 also appears earlier: it stays rankable
            {1, 6}, // too short: all training, not evaluated
            {3, 3, 3, 3} // only repeats: nothing excluded
        };
        float[][] ratings = {{1, 2, 3, 4}, {5, 4, 3}, {2, 1}, {1, 1, 1, 1}};
        Split split = new LeaveOneOutSplitter(LeaveOneOutSplitter.Config.defaults())
                .split(dataset(6, seqs, positions(seqs), ratings));

        assertThat(split.protocol()).isEqualTo("loo");
        assertThat(split.train().sequences()).isDeepEqualTo(new int[][] {{1, 2}, {5}, {1, 6}, {3, 3}});
        assertThat(split.train().ratings()).isDeepEqualTo(new float[][] {{1, 2}, {5}, {2, 1}, {1, 1}});
        assertThat(split.train().timestamps()[0]).containsExactly(0, 1);
        assertThat(split.train().numItems()).isEqualTo(6);

        List<EvalCase> valid = split.validation();
        assertThat(valid).hasSize(3);
        assertCase(valid.get(0), 0, new int[] {1, 2}, new int[] {3}, new int[] {1, 2});
        assertCase(valid.get(1), 1, new int[] {5}, new int[] {2}, new int[] {5});
        assertCase(valid.get(2), 3, new int[] {3, 3}, new int[] {3}, new int[] {});

        List<EvalCase> test = split.test();
        assertThat(test).hasSize(3);
        assertCase(test.get(0), 0, new int[] {1, 2, 3}, new int[] {4}, new int[] {1, 2, 3});
        assertCase(test.get(1), 1, new int[] {5, 2}, new int[] {5}, new int[] {2});
        assertCase(test.get(2), 3, new int[] {3, 3, 3}, new int[] {3}, new int[] {});
        assertThat(split.settings()).containsEntry("test_users", 3).containsEntry("min_length", 3);
    }

    @Test
    void leaveOneOutMinLengthIsConfigurableAndValidated() {
        int[][] seqs = {{1, 2, 3}, {1, 2, 3, 4}};
        Split split = new LeaveOneOutSplitter(new LeaveOneOutSplitter.Config(4))
                .split(dataset(4, seqs, positions(seqs), null));
        assertThat(split.test()).extracting(EvalCase::user).containsExactly(1);
        assertThat(split.train().sequences()[0]).containsExactly(1, 2, 3);
        assertThat(split.train().ratings()).isNull();
        assertThatThrownBy(() -> new LeaveOneOutSplitter.Config(2))
                .hasMessage("leave-one-out min length must be >= 3, got 2");
    }

    @Test
    void temporalSplitCutsAtGlobalTimeQuantiles() {
        // 13 events at times 1..13; quantiles 0.5 and 0.75 -> cuts at sorted[6] = 7 and
        // sorted[9] = 10.
        int[][] seqs = {{1, 2, 3, 4}, {2, 5, 2, 6}, {3, 1}, {6, 6}, {4}};
        long[][] times = {{1, 5, 7, 11}, {2, 6, 8, 12}, {3, 10}, {4, 9}, {13}};
        Split split = new TemporalSplitter(new TemporalSplitter.Config(0.5, 0.75)).split(dataset(6, seqs, times, null));

        assertThat(split.settings()).containsEntry("valid_cut_time", 7L).containsEntry("test_cut_time", 10L);
        assertThat(split.train().sequences()).isDeepEqualTo(new int[][] {{1, 2}, {2, 5}, {3}, {6}, {}});
        assertThat(split.train().timestamps()[1]).containsExactly(2, 6);

        // Validation [7, 10): user 0 gets item 3; users 1 and 3 only repeat history items.
        assertThat(split.validation()).hasSize(1);
        assertCase(split.validation().get(0), 0, new int[] {1, 2}, new int[] {3}, new int[] {1, 2});
        assertThat(split.settings()).containsEntry("validation_users_dropped", 2);

        // Test [10, ...): history = everything before 10; user 4 has no history.
        assertThat(split.test()).hasSize(3);
        assertCase(split.test().get(0), 0, new int[] {1, 2, 3}, new int[] {4}, new int[] {1, 2, 3});
        assertCase(split.test().get(1), 1, new int[] {2, 5, 2}, new int[] {6}, new int[] {2, 5});
        assertCase(split.test().get(2), 2, new int[] {3}, new int[] {1}, new int[] {3});
        assertThat(split.settings()).containsEntry("test_users_dropped", 1);
    }

    @Test
    void temporalTargetsAreDistinctAndConfigIsValidated() {
        // 10 events; default cuts at sorted[8] = 9 and sorted[9] = 10.
        int[][] seqs = {{1, 2, 3, 3, 4, 2, 5, 6, 7, 7}};
        long[][] times = {{1, 2, 3, 4, 5, 6, 7, 8, 10, 10}};
        Split split = new TemporalSplitter(TemporalSplitter.Config.defaults()).split(dataset(7, seqs, times, null));
        // t1 = 10 = t2: no validation window; the two events at 10 are one target.
        assertThat(split.validation()).isEmpty();
        assertCase(
                split.test().get(0), 0, new int[] {1, 2, 3, 3, 4, 2, 5, 6}, new int[] {7}, new int[] {1, 2, 3, 4, 5, 6
                });
        assertThatThrownBy(() -> new TemporalSplitter.Config(0.9, 0.8))
                .hasMessage("temporal test quantile must be in [valid quantile 0.9, 1), got 0.8");
    }

    @Test
    void userSplitHoldsOutWholeUsersWithHistoryFraction() {
        int numUsers = 100;
        int[][] seqs = new int[numUsers][];
        for (int u = 0; u < numUsers; u++) {
            int len = 10;
            int base = u;
            seqs[u] = IntStream.range(0, len).map(i -> 1 + (base + i) % 110).toArray();
        }
        seqs[7] = new int[] {9}; // too short to evaluate if held out
        seqs[8] = new int[] {4, 5, 4, 5, 4}; // history [4, 5, 4, 5], nothing new after it
        Dataset data = dataset(110, seqs, positions(seqs), null);
        Split split = new UserSplitter(UserSplitter.Config.defaults(17)).split(data);

        int emptyTraining = 0;
        for (int[] s : split.train().sequences()) {
            emptyTraining += s.length == 0 ? 1 : 0;
        }
        assertThat(emptyTraining).isEqualTo(20);
        assertThat(split.settings()).containsEntry("train_users", 80);
        int heldOutSkipped = (Integer) split.settings().get("held_out_too_short")
                + (Integer) split.settings().get("held_out_without_new_item");
        assertThat(split.validation().size() + split.test().size() + heldOutSkipped)
                .isEqualTo(20);
        assertThat(split.validation().size() + heldOutSkipped).isBetween(10, 12);

        for (EvalCase c : split.test()) {
            assertThat(c.user()).isEqualTo(-1);
            assertThat(c.history()).hasSize(8);
            assertThat(c.targets()).hasSize(2);
            // History is the first 80% of a held-out user's sequence (user u starts at item u+1).
            int u = c.history()[0] - 1;
            assertThat(split.train().sequences()[u]).isEmpty();
            assertThat(c.targets()).containsExactly(seqs[u][8], seqs[u][9]);
            assertThat(c.excluded())
                    .containsExactly(
                            java.util.Arrays.stream(c.history()).sorted().toArray());
        }

        // Same seed, same split; another seed, other held-out users.
        Split again = new UserSplitter(UserSplitter.Config.defaults(17)).split(data);
        assertThat(again.train().sequences()).isDeepEqualTo(split.train().sequences());
        Split other = new UserSplitter(UserSplitter.Config.defaults(18)).split(data);
        assertThat(java.util.Arrays.deepEquals(
                        other.train().sequences(), split.train().sequences()))
                .isFalse();
    }

    @Test
    void userSplitEdgeUsers() {
        // Four users, train fraction 0.25 -> one training user. Held out: {1} is too short;
        // {4,5,4,5,4} has history [4,5,4,5] and nothing new; {1,2,3,2,3} has history [1,2,3,2]
        // and nothing new; {1,2} has history [1] (floor(0.8 * 2) = 1) and target 2.
        int[][] seqs = {{1}, {4, 5, 4, 5, 4}, {1, 2}, {1, 2, 3, 2, 3}};
        for (long seed = 0; seed < 8; seed++) {
            Split split = new UserSplitter(new UserSplitter.Config(0.25, 0.25, 0.8, 2, seed))
                    .split(dataset(5, seqs, positions(seqs), null));
            int trainUser = -1;
            for (int u = 0; u < 4; u++) {
                if (split.train().sequences()[u].length > 0) {
                    assertThat(trainUser).isEqualTo(-1);
                    trainUser = u;
                    assertThat(split.train().sequences()[u]).containsExactly(seqs[u]);
                }
            }
            List<EvalCase> all = new ArrayList<>(split.validation());
            all.addAll(split.test());
            assertThat(split.validation()).hasSizeLessThanOrEqualTo(1);
            assertThat(split.settings().get("held_out_too_short")).isEqualTo(trainUser == 0 ? 0 : 1);
            assertThat(split.settings().get("held_out_without_new_item"))
                    .isEqualTo(2 - (trainUser == 1 || trainUser == 3 ? 1 : 0));
            assertThat(all).hasSize(trainUser == 2 ? 0 : 1);
            for (EvalCase c : all) {
                assertCase(c, -1, new int[] {1}, new int[] {2}, new int[] {1});
            }
        }
        assertThatThrownBy(() -> new UserSplitter.Config(0.8, 0.2, 0.8, 2, 1))
                .hasMessage(
                        "user split valid fraction must be >= 0 and leave test users, got 0.2 with train fraction 0.8");
    }

    @Test
    void splittersByName() {
        assertThat(Splitters.byName("LOO", 1).protocol()).isEqualTo("loo");
        assertThat(Splitters.byName("temporal", 1)).isInstanceOf(TemporalSplitter.class);
        assertThat(Splitters.byName("user", 1)).isInstanceOf(UserSplitter.class);
        assertThatThrownBy(() -> Splitters.byName("random", 1))
                .hasMessage(
                        "unknown protocol 'random'; expected one of loo, temporal, user, coldstart (and rating in compare)");
    }
}
