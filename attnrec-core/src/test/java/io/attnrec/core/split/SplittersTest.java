package io.attnrec.core.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.EvalCase;
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
            {5, 2, 5}, // test item 5 also appears earlier: masked with the history (a miss; issue 18)
            {1, 6}, // too short: all training, not evaluated
            {3, 3, 3, 3} // only repeats: the target is masked too
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
        assertCase(valid.get(2), 3, new int[] {3, 3}, new int[] {3}, new int[] {3});

        List<EvalCase> test = split.test();
        assertThat(test).hasSize(3);
        assertCase(test.get(0), 0, new int[] {1, 2, 3}, new int[] {4}, new int[] {1, 2, 3});
        assertCase(test.get(1), 1, new int[] {5, 2}, new int[] {5}, new int[] {2, 5});
        assertCase(test.get(2), 3, new int[] {3, 3, 3}, new int[] {3}, new int[] {3});
        assertThat(split.settings())
                .containsEntry("test_users", 3)
                .containsEntry("min_length", 3)
                .containsEntry("history_mask", "history")
                .containsEntry("test_targets", 3L)
                .containsEntry("test_targets_in_history", 2L)
                .containsEntry("validation_targets_in_history", 1L);
    }

    /** Scores each item by its id: the highest id ranks first. Enough to see what a mask leaves. */
    private static final class ById implements io.attnrec.core.model.Recommender {
        private final int numItems;

        ById(int numItems) {
            this.numItems = numItems;
        }

        @Override
        public String name() {
            return "by-id";
        }

        @Override
        public int numItems() {
            return numItems;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            for (int i = 1; i <= numItems; i++) {
                scores[i] = i;
            }
        }
    }

    /** hr@K over the split's test cases with a model that ranks item {@code numItems} first. */
    private static double hitRate(Split split, int k) {
        return new io.attnrec.core.eval.Evaluator(
                        new io.attnrec.core.eval.EvalConfig(new int[] {k}, 1, 0, 1L), split.train())
                .evaluate(new ById(split.train().numItems()), split.test())
                .metric("hr@" + k);
    }

    @Test
    void leaveOneOutRepeatedTargetIsAMissUnderTheHistoryMaskAndRankableUnderNone() {
        // User 0's target 6 repeats a history item; 6 is also the highest id, so a model that
        // ranks by id would find it first if it were rankable. User 1's target 5 is new.
        int[][] seqs = {{6, 1, 2, 6}, {1, 2, 3, 5}};
        Dataset data = dataset(6, seqs, positions(seqs), null);
        Split masked = new LeaveOneOutSplitter(LeaveOneOutSplitter.Config.defaults()).split(data);
        assertCase(masked.test().get(0), 0, new int[] {6, 1, 2}, new int[] {6}, new int[] {1, 2, 6});
        // User 0: 6 masked -> miss. User 1: 6 is rankable (not in the history) and ranks above 5.
        assertThat(hitRate(masked, 1)).isEqualTo(0.0);
        assertThat(hitRate(masked, 2)).isEqualTo(0.5);

        Split open =
                new LeaveOneOutSplitter(LeaveOneOutSplitter.Config.defaults().withMask(HistoryMask.NONE)).split(data);
        assertCase(open.test().get(0), 0, new int[] {6, 1, 2}, new int[] {6}, new int[] {});
        assertThat(open.settings())
                .containsEntry("history_mask", "none")
                .containsEntry("repeated_targets", "rankable (repeat-aware: nothing excluded)");
        // User 0's repeat is now rank 1; user 1's target 5 is behind 6 -> rank 2.
        assertThat(hitRate(open, 1)).isEqualTo(0.5);
        assertThat(hitRate(open, 2)).isEqualTo(1.0);
        assertThat(Splitters.byName("loo", 1, HistoryMask.NONE)
                        .split(data)
                        .test()
                        .get(0)
                        .excluded())
                .isEmpty();
    }

    @Test
    void temporalRepeatedTargetIsAMissUnderTheHistoryMaskAndRankableUnderNone() {
        // One user, times 1..5; cuts at the 0.4 and 0.6 quantiles: sorted[2] = 3, sorted[3] = 4.
        // Test history [6, 1, 2] (times 1..3), targets 6 (a repeat) and 3, in order.
        int[][] seqs = {{6, 1, 2, 6, 3}};
        long[][] times = {{1, 2, 3, 4, 5}};
        Dataset data = dataset(6, seqs, times, null);
        Split masked = new TemporalSplitter(new TemporalSplitter.Config(0.4, 0.6)).split(data);
        assertCase(masked.test().get(0), 0, new int[] {6, 1, 2}, new int[] {6, 3}, new int[] {1, 2, 6});
        assertThat(masked.settings()).containsEntry("test_targets_in_history", 1L);
        // Ranked by id among {3, 4, 5}: 3 is third; the repeat 6 never ranks.
        assertThat(hitRate(masked, 3)).isEqualTo(1.0);
        assertThat(new io.attnrec.core.eval.Evaluator(
                                new io.attnrec.core.eval.EvalConfig(new int[] {6}, 1, 0, 1L), masked.train())
                        .evaluate(new ById(6), masked.test())
                        .metric("recall@6"))
                .isEqualTo(0.5);
        Split open = new TemporalSplitter(new TemporalSplitter.Config(0.4, 0.6, HistoryMask.NONE)).split(data);
        assertCase(open.test().get(0), 0, new int[] {6, 1, 2}, new int[] {6, 3}, new int[] {});
        // Now 6 ranks first.
        assertThat(hitRate(open, 1)).isEqualTo(1.0);
    }

    @Test
    void userSplitRepeatedTargetIsAMissUnderTheHistoryMaskAndRankableUnderNone() {
        // Two users, train fraction 0.5: one trains, one is held out (no validation users).
        // Either way the held-out history is the first 4 of 5 items and the target the last,
        // which repeats a history item for user 0 (6) and is new for user 1 (5).
        int[][] seqs = {{6, 1, 2, 3, 6}, {1, 2, 3, 4, 5}};
        Dataset data = dataset(6, seqs, positions(seqs), null);
        java.util.Set<Boolean> seen = new java.util.HashSet<>();
        // (Small java.util.Random seeds all make the same first draw, hence the spread.)
        for (long seed = 0; seed < 8; seed++) {
            UserSplitter.Config config = new UserSplitter.Config(0.5, 0.0, 0.8, 2, seed * 7919 + 12345);
            Split masked = new UserSplitter(config).split(data);
            Split open = new UserSplitter(config.withMask(HistoryMask.NONE)).split(data);
            EvalCase c = masked.test().get(0);
            boolean repeat = c.history()[0] == 6;
            seen.add(repeat);
            if (repeat) {
                assertCase(c, -1, new int[] {6, 1, 2, 3}, new int[] {6}, new int[] {1, 2, 3, 6});
                assertThat(hitRate(masked, 3)).isEqualTo(0.0);
                assertThat(masked.settings()).containsEntry("test_targets_in_history", 1L);
                assertCase(open.test().get(0), -1, new int[] {6, 1, 2, 3}, new int[] {6}, new int[] {});
                assertThat(hitRate(open, 1)).isEqualTo(1.0);
            } else {
                // A new target is reachable under both masks: 6 ranks above 5 in each.
                assertThat(hitRate(masked, 1)).isEqualTo(0.0);
                assertThat(hitRate(masked, 2)).isEqualTo(1.0);
                assertThat(hitRate(open, 2)).isEqualTo(1.0);
                assertThat(masked.settings()).containsEntry("test_targets_in_history", 0L);
            }
        }
        assertThat(seen).as("both users held out for some seed").containsExactlyInAnyOrder(true, false);
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

        // Validation [7, 10): user 0 gets item 3; users 1 and 3 only repeat history items, which
        // stay targets masked with the history (misses; issue 18).
        assertThat(split.validation()).hasSize(3);
        assertCase(split.validation().get(0), 0, new int[] {1, 2}, new int[] {3}, new int[] {1, 2});
        assertCase(split.validation().get(1), 1, new int[] {2, 5}, new int[] {2}, new int[] {2, 5});
        assertCase(split.validation().get(2), 3, new int[] {6}, new int[] {6}, new int[] {6});
        assertThat(split.settings())
                .containsEntry("validation_users_dropped", 0)
                .containsEntry("validation_targets_in_history", 2L);

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
        seqs[8] = new int[] {4, 5, 4, 5, 4}; // history [4, 5, 4, 5], target 4 repeats (a miss)
        Dataset data = dataset(110, seqs, positions(seqs), null);
        Split split = new UserSplitter(UserSplitter.Config.defaults(17)).split(data);

        int emptyTraining = 0;
        for (int[] s : split.train().sequences()) {
            emptyTraining += s.length == 0 ? 1 : 0;
        }
        assertThat(emptyTraining).isEqualTo(20);
        assertThat(split.settings()).containsEntry("train_users", 80);
        int heldOutSkipped = (Integer) split.settings().get("held_out_too_short");
        assertThat(split.validation().size() + split.test().size() + heldOutSkipped)
                .isEqualTo(20);
        assertThat(split.validation().size() + heldOutSkipped).isBetween(10, 12);

        for (EvalCase c : split.test()) {
            assertThat(c.user()).isEqualTo(-1);
            if (c.history()[0] == 4) {
                // user 8, if held out for testing: its repeated target stays, masked
                assertCase(c, -1, new int[] {4, 5, 4, 5}, new int[] {4}, new int[] {4, 5});
                continue;
            }
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
        // {4,5,4,5,4} has history [4,5,4,5] and the repeated target 4; {1,2,3,2,3} has history
        // [1,2,3,2] and the repeated target 3 (both kept since issue 18: misses under the history
        // mask); {1,2} has history [1] (floor(0.8 * 2) = 1) and target 2.
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
            assertThat(all).hasSize(trainUser == 0 ? 3 : 2);
            for (EvalCase c : all) {
                if (c.history().length == 1) {
                    assertCase(c, -1, new int[] {1}, new int[] {2}, new int[] {1});
                } else if (c.history()[0] == 4) {
                    assertCase(c, -1, new int[] {4, 5, 4, 5}, new int[] {4}, new int[] {4, 5});
                } else {
                    assertCase(c, -1, new int[] {1, 2, 3, 2}, new int[] {3}, new int[] {1, 2, 3});
                }
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
        assertThat(HistoryMask.byName("NONE")).isEqualTo(HistoryMask.NONE);
        assertThatThrownBy(() -> HistoryMask.byName("target"))
                .hasMessage("unknown history mask 'target'; expected one of history, none");
        assertThatThrownBy(() -> Splitters.byName("random", 1))
                .hasMessage(
                        "unknown protocol 'random'; expected one of loo, temporal, user, coldstart (and rating in compare)");
    }
}
