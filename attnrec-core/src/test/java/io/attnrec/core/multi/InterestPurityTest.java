package io.attnrec.core.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.data.DataLoaders;
import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.prep.Preparer;
import io.attnrec.core.split.Split;
import io.attnrec.core.split.UserSplitter;
import io.attnrec.core.synth.SynthConfig;
import io.attnrec.core.synth.SyntheticWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterestPurityTest {

    /** Items 1..4 lie on axis 0 (topic 0) with falling weight, items 5..8 on axis 1 (topic 1). */
    private static final float[][] TABLE = {
        {0, 0}, {1, 0}, {0.8f, 0}, {0.6f, 0}, {0.4f, 0}, {0, 1}, {0, 1}, {0, 1}, {0, 1}
    };

    private static final int[] TOPICS = {-1, 0, 0, 0, 0, 1, 1, 1, 1};

    /** User 0 has interests (1, 0) and (1, 0.9); every other user only (1, 0). */
    private static final class Fixed implements MultiInterest {
        @Override
        public int dim() {
            return 2;
        }

        @Override
        public int maxInterests() {
            return 2;
        }

        @Override
        public float[][] interests(int user, int[] history) {
            return user == 0 ? new float[][] {{1, 0}, {1, 0.9f}} : new float[][] {{1, 0}};
        }

        @Override
        public float[][] itemTable() {
            return TABLE;
        }

        @Override
        public List<Interest> explainInterests(int user, int[] history, int topItems) {
            return List.of();
        }
    }

    @Test
    void handComputedPurityAndCoverage() {
        // user 0: interest (1,0) -> top 4 = items 1..4, all topic 0: purity 1.
        //   interest (1,0.9) -> scores 1, .8, .6, .4 | .9 .9 .9 .9 -> top 4 = 1, 5, 6, 7: 3 of 4
        //   in topic 1: purity 0.75. Planted {0, 1}, both found: coverage 1.
        // user 1: one interest, purity 1, finds topic 0 of planted {0, 1}: coverage 0.5.
        List<InterestPurity.Probe> probes = List.of(
                new InterestPurity.Probe(0, new int[] {1}, new int[] {0, 1}),
                new InterestPurity.Probe(1, new int[] {1}, new int[] {0, 1}));
        InterestPurity.Result r = InterestPurity.compute(new Fixed(), probes, TOPICS, 4);
        assertThat(r.purity()).isCloseTo((1 + 0.75 + 1) / 3, within(1e-12));
        assertThat(r.coverage()).isCloseTo(0.75, within(1e-12));
        // both read only item 1 (topic 0): topic 1 never occurs in their histories, so the seen
        // coverage counts topic 0 alone (found by both: 1.0) and plain coverage cannot pass 0.5
        assertThat(r.coverageSeen()).isCloseTo(1.0, within(1e-12));
        assertThat(r.coverageCeiling()).isCloseTo(0.5, within(1e-12));
        assertThat(r.meanInterests()).isCloseTo(1.5, within(1e-12));
        assertThat(r.users()).isEqualTo(2);
        assertThat(r.toMap())
                .containsEntry("interest_purity", r.purity())
                .containsEntry("interest_coverage_seen", r.coverageSeen())
                .containsKey("interest_coverage");
        // user 1 reads items of both topics but finds only topic 0: seen coverage 0.5
        InterestPurity.Result both = InterestPurity.compute(
                new Fixed(), List.of(new InterestPurity.Probe(1, new int[] {1, 5}, new int[] {0, 1})), TOPICS, 4);
        assertThat(both.coverageSeen()).isCloseTo(0.5, within(1e-12));
        assertThat(both.coverageCeiling()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void rejectsMismatchedTopicMapsAndEmptyProbes() {
        List<InterestPurity.Probe> one = List.of(new InterestPurity.Probe(0, new int[] {1}, new int[] {0}));
        assertThatThrownBy(() -> InterestPurity.compute(new Fixed(), one, new int[] {-1, 0}, 4))
                .hasMessageContaining("topic map");
        assertThatThrownBy(() -> InterestPurity.compute(new Fixed(), List.of(), TOPICS, 4))
                .hasMessageContaining("no users");
        assertThatThrownBy(() -> InterestPurity.compute(new Fixed(), one, TOPICS, 0))
                .hasMessageContaining("top-N");
    }

    /**
     * An oracle that knows item topics: one-hot item vectors per topic, one interest per topic of
     * the history. Its purity must be 1, and the runner must probe exactly the held-out users.
     */
    @Test
    void runnerOnASyntheticWorldWithAnOracle(@TempDir Path dir) throws Exception {
        SyntheticWorld world = SyntheticWorld.generate(SynthConfig.defaults()
                .withUsers(200)
                .withItems(100)
                .withTopics(5)
                .withInterests(3)
                .withSeed(3));
        world.writeTo(dir);
        Dataset data = Preparer.prepare(DataLoaders.load(dir, "auto", LoadOptions.strict()), PrepConfig.none());
        Split split = new UserSplitter(UserSplitter.Config.defaults(1)).split(data);
        int[] topicOf = new int[data.numItems() + 1];
        for (int i = 1; i <= data.numItems(); i++) {
            topicOf[i] = world.topics().indexOf(world.topicOf(data.items().external(i)));
        }
        Oracle oracle = new Oracle(topicOf, world.topics().size());
        InterestPurity.Result r =
                InterestPurityRunner.run(oracle, data, split, dir).orElseThrow();
        long heldOut = Arrays.stream(split.train().sequences())
                .filter(s -> s.length == 0)
                .count();
        assertThat(r.users()).isEqualTo((int) heldOut);
        assertThat(r.purity()).isEqualTo(1.0);
        // the oracle finds exactly the planted topics that occur in the protocol's history (the
        // first 80%): computed here independently from the world's own truth
        double expected = 0;
        int users = 0;
        for (int u = 0; u < data.numUsers(); u++) {
            int[] s = data.sequences()[u];
            if (split.train().sequences()[u].length > 0 || s.length < 2) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < Math.max(1, (int) Math.floor(0.8 * s.length)); i++) {
                seen.add(world.topicOf(data.items().external(s[i])));
            }
            String id = data.users().external(u);
            List<String> planted = world.users().stream()
                    .filter(t -> t.userId().equals(id))
                    .findFirst()
                    .orElseThrow()
                    .interests();
            expected += planted.stream().filter(seen::contains).count() / (double) planted.size();
            users++;
        }
        assertThat(r.coverage()).isCloseTo(expected / users, within(1e-9));
        assertThat(r.coverage()).isBetween(0.5, 1.0);
        // the oracle finds every topic it reads: seen coverage 1, plain coverage at its ceiling
        assertThat(r.coverageSeen()).isCloseTo(1.0, within(1e-12));
        assertThat(r.coverageCeiling()).isCloseTo(r.coverage(), within(1e-12));
        // probing the validation cases only: one probe per validation user
        InterestPurity.Result val = InterestPurityRunner.run(oracle, data, split, dir, split.validation())
                .orElseThrow();
        assertThat(val.users()).isEqualTo(split.validation().size()).isLessThan(r.users());
        // no truth files beside other data: no result
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        assertThat(InterestPurityRunner.run(oracle, data, split, elsewhere)).isEmpty();
    }

    private static final class Oracle implements MultiInterest, Recommender {
        private final int[] topicOf;
        private final int topics;

        Oracle(int[] topicOf, int topics) {
            this.topicOf = topicOf;
            this.topics = topics;
        }

        @Override
        public String name() {
            return "oracle";
        }

        @Override
        public int numItems() {
            return topicOf.length - 1;
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            InterestScores.max(InterestScores.perInterest(interests(user, history), itemTable()), scores);
        }

        @Override
        public int dim() {
            return topics;
        }

        @Override
        public int maxInterests() {
            return topics;
        }

        @Override
        public float[][] interests(int user, int[] history) {
            return Arrays.stream(history)
                    .map(i -> topicOf[i])
                    .distinct()
                    .mapToObj(t -> {
                        float[] v = new float[topics];
                        v[t] = 1;
                        return v;
                    })
                    .toArray(float[][]::new);
        }

        @Override
        public float[][] itemTable() {
            float[][] t = new float[topicOf.length][topics];
            for (int i = 1; i < topicOf.length; i++) {
                t[i][topicOf[i]] = 1;
            }
            return t;
        }

        @Override
        public List<Interest> explainInterests(int user, int[] history, int topItems) {
            return List.of();
        }
    }
}
