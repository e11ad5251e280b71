package io.attnrec.core.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.baselines.TestData;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.MemberCopies;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blend weights tuned on validation, normalisation, persistence and option parsing. */
class FusionTest {

    /**
     * Ten items, popularity strictly decreasing with the id; every validation case asks for the most
     * popular item the user does not have. Pop gets them all right; test-fixed (score 0.5 * id)
     * ranks them last.
     */
    private static TrainingData popularityWorld() {
        List<int[]> seqs = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            for (int copies = 0; copies < 12 - i; copies++) {
                seqs.add(new int[] {i});
            }
        }
        List<EvalCase> validation = new ArrayList<>();
        for (int u = 0; u < 30; u++) {
            int have = 2 + u % 3;
            validation.add(new EvalCase(u, new int[] {have}, new int[] {1}, new int[] {have}));
        }
        return TestData.withValidation(10, validation, seqs.toArray(new int[0][]));
    }

    /** A planted world of {@code users} users over 120 items, for the noisy test members. */
    private static TestData.Loo noisyWorld(int users) {
        return TestData.synthLoo(io.attnrec.core.synth.SynthConfig.defaults()
                .withUsers(users)
                .withItems(120)
                .withTopics(6)
                .withEvents(5, 10)
                .withSeed(3));
    }

    private static FusionModel fusion(TrainingData data, String options) {
        return (FusionModel) Models.require("fusion").train(data, ModelOptions.parsePairs(options), 5L);
    }

    @Test
    void tuningPicksTheBetterMemberAndSaysTheBlendDoesNotBeatIt() {
        FusionModel m = fusion(popularityWorld(), "models=test-fixed+pop");
        FusionTuning t = m.tuning();
        assertThat(t.members()).containsExactly("test-fixed", "pop");
        assertThat(t.bestMember()).isEqualTo("pop");
        assertThat(t.memberNdcg().get(1)).isEqualTo(1.0);
        assertThat(t.memberNdcg().get(0)).isLessThan(0.4);
        assertThat(m.weights()).containsExactly(0.0, 1.0);
        assertThat(t.blendNdcg()).isEqualTo(1.0);
        assertThat(t.blendBeatsBest()).isFalse();
        assertThat(t.cases()).isEqualTo(30);
        assertThat(t.summary()).contains("best member pop").contains("does not beat");
        // The blend with weights (0, 1) ranks exactly as pop does.
        float[] s = new float[11];
        m.score(0, new int[] {2}, s);
        for (int i = 2; i <= 10; i++) {
            assertThat(s[i - 1]).isGreaterThan(s[i]);
        }
    }

    @Test
    void twoIndependentlyNoisyMembersBlendIntoSomethingBetterThanEither() {
        TestData.Loo loo = noisyWorld(1000);
        FusionModel m = fusion(loo.train(), "models=test-noisy-a+test-noisy-b,test-noisy-a.amp=3,test-noisy-b.amp=3");
        FusionTuning t = m.tuning();
        assertThat(t.blendBeatsBest()).isTrue();
        assertThat(t.pValue()).isLessThan(0.05);
        assertThat(t.blendNdcg()).isGreaterThan(t.bestMemberNdcg() + 0.01);
        assertThat(m.weights())
                .containsExactly(t.blendWeights().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray());
        // Symmetric members: the best blend gives both a real share.
        assertThat(m.weights()[0]).isBetween(0.2, 0.8);
        assertThat(m.weights()[0] + m.weights()[1]).isCloseTo(1.0, within(1e-12));
        assertThat(t.summary()).contains("beats the best member");
    }

    @Test
    void aCopyOfAMemberIsTheSameModelTrainedWithTheSeedPlusItsNumber() {
        TestData.Loo loo = noisyWorld(1000);
        String copies = "models=test-noisy-a+test-noisy-a#1,test-noisy-a.amp=3,test-noisy-a#1.amp=3";
        // Noise fixed by the seed: the copy (seed 6) errs apart from the original (seed 5), so
        // their blend beats both, as two different models' does.
        FusionModel seeded = fusion(loo.train(), copies + ",test-noisy-a.seeded=true,test-noisy-a#1.seeded=true");
        FusionTuning t = seeded.tuning();
        assertThat(t.members()).containsExactly("test-noisy-a", "test-noisy-a#1");
        assertThat(t.memberNdcg().get(0)).isNotEqualTo(t.memberNdcg().get(1));
        assertThat(t.blendBeatsBest()).isTrue();
        assertThat(t.blendNdcg()).isGreaterThan(t.bestMemberNdcg() + 0.01);
        // The same copy trained alone with seed 6 scores exactly as the fusion's member does.
        Recommender alone =
                Models.require("test-noisy-a").train(loo.train(), ModelOptions.parsePairs("amp=3,seeded=true"), 6L);
        float[] a = new float[121];
        float[] b = new float[121];
        alone.score(7, new int[] {3}, a);
        seeded.members().get(1).score(7, new int[] {3}, b);
        assertThat(b).containsExactly(a);
        // Noise that ignores the seed: the copy is the same model, and no blend of the two gains.
        FusionTuning same = fusion(loo.train(), copies).tuning();
        assertThat(same.memberNdcg().get(1)).isEqualTo(same.memberNdcg().get(0));
        assertThat(same.blendNdcg()).isEqualTo(same.memberNdcg().get(0));
        assertThat(same.blendBeatsBest()).isFalse();
    }

    @Test
    void casesBeyondTheScoreCacheAreScoredLiveToTheSameChoice() {
        TestData.Loo loo = noisyWorld(400);
        FusionConfig config = FusionConfig.from(ModelOptions.parsePairs(
                "models=test-noisy-a+test-noisy-b,test-noisy-a.amp=3,test-noisy-b.amp=2,step=0.125"));
        FusionTuning cachedAll = FusionTrainer.train(loo.train(), config, 5L).tuning();
        assertThat(FusionTrainer.cachedCases(400, 2, 120, FusionTrainer.CACHE_FLOATS))
                .isEqualTo(400);
        // 10 cases of 2 x 121 floats fit; the other 390 are scored again at each of the 9 grid points.
        long tenCases = 10L * 2 * 121;
        assertThat(FusionTrainer.cachedCases(400, 2, 120, tenCases)).isEqualTo(10);
        for (long budget : new long[] {0, tenCases}) {
            FusionTuning t =
                    FusionTrainer.train(loo.train(), config, 5L, budget).tuning();
            assertThat(t.cases())
                    .isEqualTo(cachedAll.cases())
                    .isEqualTo(loo.train().validation().size());
            assertThat(t.memberNdcg()).isEqualTo(cachedAll.memberNdcg());
            assertThat(t.blendWeights()).isEqualTo(cachedAll.blendWeights());
            assertThat(t.blendNdcg()).isEqualTo(cachedAll.blendNdcg());
            assertThat(t.pValue()).isEqualTo(cachedAll.pValue());
        }
    }

    @Test
    void aGainThatIsNotSignificantKeepsTheBestMemberAlone() {
        TestData.Loo loo = noisyWorld(1000);
        FusionModel m = fusion(
                loo.train(),
                "models=test-noisy-a+test-noisy-b,test-noisy-a.amp=3,test-noisy-b.amp=3,alpha=0.000000000001");
        FusionTuning t = m.tuning();
        assertThat(t.blendNdcg()).isGreaterThan(t.bestMemberNdcg());
        assertThat(t.blendBeatsBest()).isFalse();
        double[] alone = new double[2];
        alone[t.members().indexOf(t.bestMember())] = 1;
        assertThat(m.weights()).containsExactly(alone);
        assertThat(t.blendWeights().get(0)).isBetween(0.2, 0.8);
        assertThat(t.summary()).contains("using " + t.bestMember() + " alone");
    }

    @Test
    void saveThenLoadScoresBitIdentically(@TempDir Path dir) throws IOException {
        TrainingData data = popularityWorld();
        FusionModel m = fusion(data, "models=pop+test-fixed,test-fixed.weight=0.25,norm=minmax");
        m.save(dir);
        Recommender back = Models.require("fusion").load(dir);
        assertThat(back).isInstanceOf(FusionModel.class);
        assertThat(((FusionModel) back).weights()).containsExactly(m.weights());
        assertThat(((FusionModel) back).tuning().bestMember())
                .isEqualTo(m.tuning().bestMember());
        assertThat(dir.resolve("members/0-pop/model.properties")).exists();
        assertThat(dir.resolve("members/1-test-fixed/weights.txt")).exists();
        float[] a = new float[11];
        float[] b = new float[11];
        for (int[] h : new int[][] {{2}, {3, 4}, {}}) {
            m.score(0, h, a);
            back.score(0, h, b);
            assertThat(b).containsExactly(a);
        }
    }

    @Test
    void unsavableMemberIsAClearError(@TempDir Path dir) {
        TestData.Loo loo = TestData.synthLoo(io.attnrec.core.synth.SynthConfig.defaults()
                .withUsers(60)
                .withItems(40)
                .withTopics(4)
                .withEvents(5, 8)
                .withSeed(3));
        FusionModel m = fusion(loo.train(), "models=pop+test-noisy-a");
        assertThatThrownBy(() -> m.save(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test-noisy-a")
                .hasMessageContaining("cannot be saved");
        assertThat(m).isInstanceOf(Persistable.class);
    }

    @Test
    void scoresAreNormalisedPerUser() {
        float[] z = {99, 1, 2, 3};
        FusionModel.normalise(z, 3, FusionConfig.Norm.ZSCORE);
        double sd = Math.sqrt(2.0 / 3);
        assertThat(z[1]).isCloseTo((float) (-1 / sd), within(1e-6f));
        assertThat(z[2]).isCloseTo(0f, within(1e-6f));
        assertThat(z[3]).isCloseTo((float) (1 / sd), within(1e-6f));
        float[] mm = {99, 4, 6, 8};
        FusionModel.normalise(mm, 3, FusionConfig.Norm.MINMAX);
        assertThat(mm).containsExactly(99f, 0f, 0.5f, 1f);
        float[] flat = {0, 7, 7, 7};
        FusionModel.normalise(flat, 3, FusionConfig.Norm.ZSCORE);
        assertThat(flat).containsExactly(0f, 0f, 0f, 0f);
        float[] inf = {0, Float.NEGATIVE_INFINITY, 2, 4};
        FusionModel.normalise(inf, 3, FusionConfig.Norm.MINMAX);
        assertThat(inf).containsExactly(0f, 0f, 0f, 1f);
    }

    @Test
    void gridCoversTheSimplexCornersFirst() {
        List<int[]> g = FusionTrainer.grid(3, 2);
        assertThat(g).hasSize(6);
        assertThat(g.subList(0, 3)).containsExactly(new int[] {2, 0, 0}, new int[] {0, 2, 0}, new int[] {0, 0, 2});
        for (int[] p : g) {
            assertThat(p[0] + p[1] + p[2]).isEqualTo(2);
        }
        assertThat(FusionTrainer.grid(2, 10)).hasSize(11);
    }

    @Test
    void optionsAreParsedAndCheckedByName() {
        FusionConfig c = FusionConfig.from(
                ModelOptions.parsePairs("models=ease+itemknn,ease.lambda=200,itemknn.neighbors=5,step=0.25"));
        assertThat(c.members()).containsExactly("ease", "itemknn");
        assertThat(c.optionsOf("ease").asMap()).isEqualTo(Map.of("lambda", "200"));
        assertThat(c.optionsOf("itemknn").asMap()).isEqualTo(Map.of("neighbors", "5"));
        assertThat(c.cells()).isEqualTo(4);
        assertThatThrownBy(() -> FusionConfig.from(ModelOptions.empty())).hasMessageContaining("models is required");
        assertThatThrownBy(() -> FusionConfig.from(ModelOptions.parsePairs("models=ease")))
                .hasMessageContaining("at least two");
        assertThatThrownBy(() -> FusionConfig.from(ModelOptions.parsePairs("models=ease+ease")))
                .hasMessage("fusion: model 'ease' is listed twice (a second copy is 'ease#1')");
        FusionConfig copies = FusionConfig.from(ModelOptions.parsePairs("models=ease+ease#2,ease#2.lambda=5"));
        assertThat(copies.members()).containsExactly("ease", "ease#2");
        assertThat(copies.optionsOf("ease#2").asMap()).isEqualTo(Map.of("lambda", "5"));
        assertThat(copies.optionsOf("ease").asMap()).isEmpty();
        assertThat(MemberCopies.model("ease#2")).isEqualTo("ease");
        assertThat(FusionConfig.seedOf("ease#2", 40)).isEqualTo(42);
        assertThat(FusionConfig.seedOf("ease", 40)).isEqualTo(40);
        assertThatThrownBy(() -> FusionConfig.from(ModelOptions.parsePairs("models=ease+ease#0")))
                .hasMessage("fusion: member 'ease#0': the copy number after '#' must be a whole number >= 1");
        assertThatThrownBy(() -> FusionConfig.from(ModelOptions.parsePairs("models=ease+fusion#1")))
                .hasMessageContaining("cannot be a member of itself");
        assertThatThrownBy(() -> FusionConfig.from(ModelOptions.parsePairs("models=ease+nosuch#1")))
                .hasMessageContaining("unknown model 'nosuch'");
        assertThatThrownBy(() -> FusionConfig.from(ModelOptions.parsePairs("models=ease+pop,bpr.dim=3")))
                .hasMessageContaining("'bpr'");
        assertThatThrownBy(() -> FusionConfig.from(ModelOptions.parsePairs("models=ease+pop,stepp=0.2")))
                .hasMessageContaining("stepp");
        assertThatThrownBy(() -> FusionConfig.from(ModelOptions.parsePairs("models=ease+nosuch")))
                .hasMessageContaining("unknown model 'nosuch'");
        assertThatThrownBy(() -> FusionConfig.from(ModelOptions.parsePairs("models=ease+pop,step=0.3")))
                .hasMessageContaining("step");
        // A misspelt member option fails inside the member, by name.
        assertThatThrownBy(() -> fusion(popularityWorld(), "models=pop+test-fixed,test-fixed.wieght=1"))
                .hasMessageContaining("wieght");
    }
}
