package io.attnrec.nn.mind;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.prep.Preparer;
import io.attnrec.core.split.Split;
import io.attnrec.core.split.UserSplitter;
import io.attnrec.core.synth.SynthConfig;
import io.attnrec.core.synth.SyntheticWorld;
import io.attnrec.nn.multi.MultiInterestRecommender;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two options of MIND's routing inputs (issue 19, session 21): a gain table per interest ({@code
 * interest_gain}) and trained initial routing logits ({@code learn_routing}). Both are on by
 * default since format 7 (session 22), each has the shape it says, trains, and survives a save and
 * load; a model saved before the keys existed loads with both off, as it was trained.
 */
class MindGainOptionsTest {

    private static final Dataset DATA = Preparer.prepare(
            SyntheticWorld.generate(SynthConfig.defaults()
                            .withUsers(200)
                            .withItems(50)
                            .withInterests(2)
                            .withTopics(2)
                            .withEvents(8, 14)
                            .withSeed(9))
                    .toRawData(),
            PrepConfig.none());

    private static final Split SPLIT = new UserSplitter(UserSplitter.Config.defaults(3)).split(DATA);

    private static final String SMALL = "dim=8,interests=3,max_len=12,epochs=2,progress=false,";

    @SuppressWarnings("unchecked")
    private static MultiInterestRecommender<MindConfig> train(String options) {
        return (MultiInterestRecommender<MindConfig>)
                new MindProvider().train(SPLIT.train(), ModelOptions.parsePairs(SMALL + options), 4L);
    }

    private static Parameter param(MultiInterestRecommender<MindConfig> m, String name) {
        return ((Block) m.network()).getParameters().get(name);
    }

    /** Mean absolute difference between two slices of one flat array. */
    private static double gap(float[] a, int from, int to, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += Math.abs(a[from + i] - a[to + i]);
        }
        return sum / length;
    }

    @Test
    void bothAreOnByDefaultAndTheGainPerInterestIsNothingWithoutTheGains() {
        MindConfig d = MindConfig.parse(ModelOptions.parsePairs(""));
        assertThat(d.interestGain()).isTrue();
        assertThat(d.learnRouting()).isTrue();
        assertThat(d.toOptions()).containsEntry("interest_gain", "true").containsEntry("learn_routing", "true");
        MindConfig none = MindConfig.parse(ModelOptions.parsePairs("interest_gain=true,position_gain=false"));
        assertThat(MindPositionGainTest.gain(new MindNetwork(10, none, null))).isNull();
    }

    @Test
    void eachInterestLearnsItsOwnGainsAndTheyAreSavedWithTheModel(@TempDir Path dir) throws Exception {
        try (MultiInterestRecommender<MindConfig> m = train("")) {
            float[] g = param(m, "position_gain").getArray().toFloatArray();
            // (K, maxLen, D) = (3, 12, 8); the newest position of interest 0 against interest 1's
            assertThat(param(m, "position_gain").getArray().getShape().getShape())
                    .containsExactly(3, 12, 8);
            int newest = 11 * 8;
            assertThat(gap(g, newest, 12 * 8 + newest, 8)).isGreaterThan(1e-4);
            m.save(dir);
            try (MultiInterestRecommender<MindConfig> loaded = new MindProvider().load(dir)) {
                assertThat(loaded.config().interestGain()).isTrue();
                int[] history = {1, 2, 3, 4, 5, 6};
                assertThat(loaded.interests(-1, history)).isDeepEqualTo(m.interests(-1, history));
            }
        }
    }

    @Test
    void routingLogitsTrainOnlyWhenAskedTo(@TempDir Path dir) throws Exception {
        float[] fixed;
        try (MultiInterestRecommender<MindConfig> m = train("learn_routing=false")) {
            Parameter logits = param(m, "routing_logits");
            assertThat(logits.requiresGradient()).isFalse();
            fixed = logits.getArray().toFloatArray();
        }
        try (MultiInterestRecommender<MindConfig> m = train("")) {
            Parameter logits = param(m, "routing_logits");
            assertThat(logits.requiresGradient()).isTrue();
            float[] learned = logits.getArray().toFloatArray();
            // the same seeded draw to start with; training moved it
            assertThat(learned).hasSameSizeAs(fixed);
            assertThat(Arrays.equals(learned, fixed)).isFalse();
            m.save(dir);
            try (MultiInterestRecommender<MindConfig> loaded = new MindProvider().load(dir)) {
                assertThat(param(loaded, "routing_logits").getArray().toFloatArray())
                        .containsExactly(learned);
            }
        }
    }

    @Test
    void aModelSavedBeforeTheKeysExistedLoadsWithBothOff(@TempDir Path dir) throws Exception {
        try (MultiInterestRecommender<MindConfig> m = train("interest_gain=false,learn_routing=false")) {
            m.save(dir);
            // format-6 manifests written before session 21 lack both keys; the migration to format 7
            // must not give them today's defaults, which would change their shapes and scores
            OldManifests.dropOption(dir, "interest_gain", "false", 6);
            OldManifests.dropOption(dir, "learn_routing", "false", 6);
            try (MultiInterestRecommender<MindConfig> loaded = new MindProvider().load(dir)) {
                assertThat(loaded.config().interestGain()).isFalse();
                assertThat(loaded.config().learnRouting()).isFalse();
                assertThat(param(loaded, "position_gain").getArray().getShape().getShape())
                        .containsExactly(12, 8);
                int[] history = {1, 2, 3, 4, 5, 6};
                assertThat(loaded.interests(-1, history)).isDeepEqualTo(m.interests(-1, history));
            }
        }
    }
}
