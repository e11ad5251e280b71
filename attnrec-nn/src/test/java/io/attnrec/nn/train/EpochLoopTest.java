package io.attnrec.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.attnrec.nn.Djl;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared epoch loop without a model: a one-weight block whose value records the last step. */
class EpochLoopTest {

    private NDManager manager;
    private Linear block;
    private Checkpoint checkpoint;

    @BeforeEach
    void setUp() {
        manager = Djl.newManager();
        block = Linear.builder().setUnits(1).optBias(false).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
        checkpoint = Checkpoint.of(block);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private NDArray weight() {
        return block.getParameters().get("weight").getArray();
    }

    /** A step that writes {@code 10 * epoch + step} into the weight and returns {@code loss}. */
    private double step(int[] epoch, int s, double loss) {
        Djl.noGrad();
        weight().set(new NDIndex(":"), 10f * epoch[0] + s);
        return loss;
    }

    @Test
    void aSingleNonFiniteStepIsSkippedAndTrainingGoesOn() {
        int[] epoch = {0};
        TrainingResult r = new EpochLoop(3, 5, 1, 4)
                .run(
                        "m",
                        e -> epoch[0] = e,
                        s -> step(epoch, s, epoch[0] == 2 && s == 1 ? Double.NaN : 1.0),
                        () -> 0.1 * epoch[0],
                        checkpoint,
                        List.of());
        assertThat(r.skippedSteps()).isEqualTo(1);
        assertThat(r.divergedAtEpoch()).isZero();
        assertThat(r.epochs()).hasSize(3);
        // the epoch's loss averages the applied steps only
        assertThat(r.epochs().get(1).loss()).isEqualTo(1.0);
        assertThat(r.bestEpoch()).isEqualTo(3);
    }

    @Test
    void nonFiniteLossesInARowAfterAValidatedEpochStopAndKeepTheBestWeights() {
        int[] epoch = {0};
        // validation scores by epoch: 0.1, 0.3 (best), 0.2; from epoch 4's second step on, NaN
        double[] scores = {0.1, 0.3, 0.2};
        TrainingResult r = new EpochLoop(10, 5, 1, 6)
                .run(
                        "m",
                        e -> epoch[0] = e,
                        s -> step(epoch, s, epoch[0] == 4 && s >= 1 ? Double.NaN : 1.0),
                        () -> scores[epoch[0] - 1],
                        checkpoint,
                        List.of());
        assertThat(r.divergedAtEpoch()).isEqualTo(4);
        assertThat(r.skippedSteps()).isEqualTo(EpochLoop.MAX_CONSECUTIVE_SKIPS + 1);
        assertThat(r.bestEpoch()).isEqualTo(2);
        assertThat(r.bestValidationNdcg()).isEqualTo(0.3);
        assertThat(r.epochs()).hasSize(3);
        // epoch 2 ended with its last step (index 5) writing 25
        assertThat(weight().getFloat(0, 0)).isEqualTo(25f);
    }

    @Test
    void divergenceBeforeAnyValidationFailsWithAMessage() {
        int[] epoch = {0};
        EpochLoop loop = new EpochLoop(10, 5, 2, 6);
        assertThatThrownBy(() -> loop.run(
                        "m",
                        e -> epoch[0] = e,
                        s -> step(epoch, s, epoch[0] == 2 ? Double.POSITIVE_INFINITY : 1.0),
                        () -> 0.5,
                        checkpoint,
                        List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("diverged at epoch 2")
                .hasMessageContaining("before any validated epoch");
    }

    @Test
    void patienceStopsEarlyAndRestoresTheBestEpoch() {
        int[] epoch = {0};
        double[] scores = {0.5, 0.4, 0.3, 0.2, 0.1};
        TrainingResult r = new EpochLoop(5, 2, 1, 2)
                .run(
                        "m",
                        e -> epoch[0] = e,
                        s -> step(epoch, s, 1.0),
                        () -> scores[epoch[0] - 1],
                        checkpoint,
                        List.of());
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.divergedAtEpoch()).isZero();
        assertThat(r.epochs()).hasSize(3);
        assertThat(r.bestEpoch()).isEqualTo(1);
        assertThat(weight().getFloat(0, 0)).isEqualTo(11f);
    }

    @Test
    void aScoreWithinOneStandardErrorOfTheBestDoesNotUseUpPatience() {
        // a lucky epoch 2, then a noisy plateau just below it, then a real gain at epoch 7
        double[] scores = {0.05, 0.110, 0.105, 0.108, 0.104, 0.107, 0.120, 0.09, 0.08, 0.07, 0.06, 0.05};
        int[] epoch = {0};
        TrainingResult noisy = new EpochLoop(12, 2, 1, 1)
                .runScored(
                        "m",
                        e -> epoch[0] = e,
                        s -> step(epoch, s, 1.0),
                        () -> new EpochLoop.Score(scores[epoch[0] - 1], 0.01),
                        checkpoint,
                        List.of());
        assertThat(noisy.bestEpoch()).isEqualTo(7);
        // two validations more than one standard error below the best end it
        assertThat(noisy.epochs()).hasSize(9);
        // without a standard error the same scores stop at epoch 4, before the real gain
        epoch[0] = 0;
        TrainingResult plain = new EpochLoop(12, 2, 1, 1)
                .run(
                        "m",
                        e -> epoch[0] = e,
                        s -> step(epoch, s, 1.0),
                        () -> scores[epoch[0] - 1],
                        checkpoint,
                        List.of());
        assertThat(plain.bestEpoch()).isEqualTo(2);
        assertThat(plain.epochs()).hasSize(4);
    }

    /** Two steps an epoch, every validation {@code scores[epoch - 1]} ± 0.010, patience 5. */
    private TrainingResult scored(double[] scores, EpochLoop.Start from) {
        int[] epoch = {0};
        return new EpochLoop(scores.length, 5, 1, 2)
                .runScored(
                        "m",
                        e -> epoch[0] = e,
                        s -> step(epoch, s, 1.0),
                        () -> new EpochLoop.Score(scores[epoch[0] - 1], 0.010),
                        checkpoint,
                        List.of(),
                        from);
    }

    @Test
    void withAStartTheLatestWeightsWithinNoiseOfTheBestAreKeptAndTheStartCountsAsEpochZero() {
        weight().set(new NDIndex(":"), -1f);
        EpochLoop.Start from = new EpochLoop.Start(new EpochLoop.Score(0.100, 0.010), checkpoint.snapshot());
        // the start scores 0.100 ± 0.010; epoch 2 is the best (0.112), epochs 3-4 within noise of
        // it, epoch 5 more than one standard error below
        double[] scores = {0.101, 0.112, 0.104, 0.103, 0.090};
        TrainingResult r = scored(scores, from);
        assertThat(r.bestEpoch()).isEqualTo(4);
        assertThat(r.bestValidationNdcg()).isEqualTo(0.103);
        // epoch 4's last step (index 1) wrote 41
        assertThat(weight().getFloat(0, 0)).isEqualTo(41f);

        // every epoch more than one standard error below the start: the start's weights come back
        TrainingResult kept = scored(new double[] {0.080, 0.070, 0.060}, from);
        assertThat(kept.bestEpoch()).isZero();
        assertThat(kept.bestValidationNdcg()).isEqualTo(0.100);
        assertThat(weight().getFloat(0, 0)).isEqualTo(-1f);

        // without a start the same scores keep the best epoch, as always
        TrainingResult best = scored(scores, null);
        assertThat(best.bestEpoch()).isEqualTo(2);
        assertThat(weight().getFloat(0, 0)).isEqualTo(21f);
    }

    @Test
    void aLongPlateauWithinNoiseEndsAfterThePlateauSteps() {
        // a best at epoch 2, then a plateau just below it, within its standard error, for good
        int[] epoch = {0};
        // 500 steps an epoch: 2,000 steps are 4 validations, fewer than the patience of 6
        EpochLoop large = new EpochLoop(50, 6, 1, 500);
        assertThat(large.plateauValidations()).isEqualTo(6);
        TrainingResult r = large.runScored(
                "m",
                e -> epoch[0] = e,
                s -> 1.0,
                () -> new EpochLoop.Score(epoch[0] == 2 ? 0.100 : 0.099, 0.01),
                checkpoint,
                List.of());
        assertThat(r.bestEpoch()).isEqualTo(2);
        assertThat(r.epochs()).hasSize(8);
        assertThat(r.stoppedEarly()).isTrue();
        // 100 steps an epoch: 20 validations; a new best inside them starts the count again
        epoch[0] = 0;
        EpochLoop small = new EpochLoop(50, 6, 1, 100);
        assertThat(small.plateauValidations()).isEqualTo(20);
        TrainingResult s = small.runScored(
                "m",
                e -> epoch[0] = e,
                st -> 1.0,
                () -> new EpochLoop.Score(epoch[0] == 2 ? 0.100 : epoch[0] == 15 ? 0.101 : 0.099, 0.01),
                checkpoint,
                List.of());
        assertThat(s.bestEpoch()).isEqualTo(15);
        assertThat(s.epochs()).hasSize(35);
        // MovieLens-100K's 8 steps an epoch: 250 validations, beyond the default 200 epochs
        assertThat(new EpochLoop(200, 10, 1, 8).plateauValidations()).isEqualTo(250);
        // validating every 2 epochs halves the count
        assertThat(new EpochLoop(200, 3, 2, 500).plateauValidations()).isEqualTo(3);
    }

    @Test
    void noEarlyStopBeforeTheMinimumEpochs() {
        double[] scores = {0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        int[] epoch = {0};
        TrainingResult r = new EpochLoop(8, 1, 1, 1, 6)
                .run(
                        "m",
                        e -> epoch[0] = e,
                        s -> step(epoch, s, 1.0),
                        () -> scores[epoch[0] - 1],
                        checkpoint,
                        List.of());
        assertThat(r.epochs()).hasSize(6);
        assertThat(r.bestEpoch()).isEqualTo(1);
        assertThat(r.stoppedEarly()).isTrue();
    }

    @Test
    void theAutomaticMinimumScalesWithTheStepsOfAnEpoch() {
        // MovieLens-100K: 943 users in batches of 128 = 8 steps an epoch
        assertThat(EpochLoop.minEpochs(-1, 8, 200)).isEqualTo(25);
        // Amazon Beauty: 315 steps an epoch, the minimum is one epoch
        assertThat(EpochLoop.minEpochs(-1, 315, 200)).isEqualTo(1);
        // never above the maximum; an explicit value wins
        assertThat(EpochLoop.minEpochs(-1, 1, 20)).isEqualTo(20);
        assertThat(EpochLoop.minEpochs(3, 8, 200)).isEqualTo(3);
        assertThat(EpochLoop.minEpochs(0, 8, 200)).isZero();
        // the sample standard deviation of 0, 1, 0, 1 is 0.577; over 4 users, 0.289
        assertThat(Trainer.standardError(new double[] {0, 1, 0, 1}))
                .isCloseTo(0.2887, org.assertj.core.api.Assertions.within(1e-3));
    }
}
