package io.attnrec.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.attnrec.nn.Djl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AdamW's state (issue 16): the updater steps exactly as DJL's AdamW, its state resumed goes on
 * exactly where it stopped, and the state survives its file and an item table's growth.
 */
class OptimizerStateTest {

    private static final double RATE = 0.01;
    private static final double DECAY = 0.05;

    @TempDir
    Path dir;

    @Test
    void theUpdaterStepsBitForBitAsDjlsAdamW() {
        try (NDManager manager = Djl.newManager()) {
            Linear ours = linear(manager);
            Linear theirs = linear(manager);
            copy(ours, theirs);
            Updater updater = new Updater(Checkpoint.of(ours), RATE, DECAY);
            // as the updater: weight decay on the weights, none on the bias
            Optimizer djl = Optimizer.adamW()
                    .optLearningRateTracker(Tracker.fixed((float) RATE))
                    .optWeightDecays((float) DECAY)
                    .build();
            Optimizer djlPlain = Optimizer.adamW()
                    .optLearningRateTracker(Tracker.fixed((float) RATE))
                    .optWeightDecays(0f)
                    .build();
            Checkpoint reference = Checkpoint.of(theirs);
            for (int step = 0; step < 6; step++) {
                assertThat(updater.applyIfFinite(backward(manager, ours, step))).isTrue();
                backward(manager, theirs, step);
                for (var p : reference.parameters()) {
                    NDArray w = p.getValue().getArray();
                    try (NDArray g = w.getGradient()) {
                        (Updater.decays(p.getKey()) ? djl : djlPlain)
                                .update(p.getValue().getId(), w, g);
                    }
                }
            }
            assertThat(weights(ours)).isEqualTo(weights(theirs));
            assertThat(weights(ours)[0]).isNotEqualTo(start(manager)[0]);
        }
    }

    @Test
    void aResumedUpdaterGoesOnExactlyWhereTheFirstStoppedAndAFreshOneDoesNot() {
        try (NDManager manager = Djl.newManager()) {
            Linear straight = linear(manager);
            Updater through = new Updater(Checkpoint.of(straight), RATE, DECAY);
            for (int step = 0; step < 6; step++) {
                through.applyIfFinite(backward(manager, straight, step));
            }

            Linear resumed = linear(manager);
            Linear restarted = linear(manager);
            Updater first = new Updater(Checkpoint.of(resumed), RATE, DECAY);
            for (int step = 0; step < 3; step++) {
                first.applyIfFinite(backward(manager, resumed, step));
            }
            OptimizerState state = first.state();
            assertThat(state.steps()).isEqualTo(3);
            assertThat(state.params()).extracting(OptimizerState.Moments::name).containsExactly("weight", "bias");
            copy(resumed, restarted);
            Updater second = new Updater(Checkpoint.of(resumed), Tracker.fixed((float) RATE), DECAY, state);
            Updater fresh = new Updater(Checkpoint.of(restarted), RATE, DECAY);
            for (int step = 3; step < 6; step++) {
                second.applyIfFinite(backward(manager, resumed, step));
                fresh.applyIfFinite(backward(manager, restarted, step));
            }
            assertThat(weights(resumed)).isEqualTo(weights(straight));
            assertThat(second.state().steps()).isEqualTo(6);
            assertThat(weights(restarted)[0]).isNotEqualTo(weights(straight)[0]);
            assertThat(fresh.state().steps()).isEqualTo(3);
        }
    }

    @Test
    void aStateForOtherParametersIsRefused() {
        try (NDManager manager = Djl.newManager()) {
            Linear block = linear(manager);
            OptimizerState wrong = new OptimizerState(
                    2,
                    List.of(
                            new OptimizerState.Moments("weight", new long[] {3, 2}, new float[6], new float[6]),
                            new OptimizerState.Moments("bias", new long[] {3}, new float[3], new float[3])));
            assertThatThrownBy(() -> new Updater(Checkpoint.of(block), Tracker.fixed(0.01f), 0, wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the optimiser state's parameter 0 is weight[3, 2], the network's weight(3, 4)");
            OptimizerState one = new OptimizerState(0, wrong.params().subList(0, 1));
            assertThatThrownBy(() -> new Updater(Checkpoint.of(block), Tracker.fixed(0.01f), 0, one))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the optimiser state holds 1 parameters, the network 2");
        }
    }

    @Test
    void aStateSurvivesItsFileAndABrokenFileIsAOneLineError() throws IOException {
        OptimizerState state = new OptimizerState(
                42,
                List.of(
                        new OptimizerState.Moments(
                                "table", new long[] {2, 2}, new float[] {1, -2, 3, 0.5f}, new float[] {4, 5, 6, 7}),
                        new OptimizerState.Moments("bias", new long[] {1}, new float[] {-1e-9f}, new float[] {1e9f})));
        Path file = dir.resolve(OptimizerState.FILE);
        state.write(file);
        OptimizerState read = OptimizerState.read(file);
        assertThat(read.steps()).isEqualTo(42);
        assertThat(read.params()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            OptimizerState.Moments a = state.params().get(i);
            OptimizerState.Moments b = read.params().get(i);
            assertThat(b.name()).isEqualTo(a.name());
            assertThat(b.shape()).containsExactly(a.shape());
            assertThat(b.mean()).containsExactly(a.mean());
            assertThat(b.variance()).containsExactly(a.variance());
        }

        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> OptimizerState.read(cut))
                .isInstanceOf(IOException.class)
                .hasMessage(cut + ": ends before the optimiser state does");
        Path other = dir.resolve("weights.bin");
        Files.write(other, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> OptimizerState.read(other))
                .isInstanceOf(IOException.class)
                .hasMessage(other + ": not an attnrec optimiser state");
        assertThatThrownBy(() -> new OptimizerState.Moments("w", new long[] {2}, new float[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter w of shape [2] needs 2 moments, got 2 and 3");
    }

    @Test
    void aGrownTableKeepsTheKnownRowsAndStartsTheOthersWithNoMomentumAtTheKnownRowsMeanVariance() {
        // padding row 0, known items 1..2, one spare row; width 2
        float[] mean = {9, 9, 1, 2, 3, 4, 7, 7};
        float[] variance = {8, 8, 1, 10, 3, 30, 5, 5};
        OptimizerState state = new OptimizerState(
                7,
                List.of(
                        new OptimizerState.Moments("table", new long[] {4, 2}, mean, variance),
                        new OptimizerState.Moments("bias", new long[] {1}, new float[] {0.5f}, new float[] {2})));
        OptimizerState grown = state.grown(2, 6);
        assertThat(grown.steps()).isEqualTo(7);
        OptimizerState.Moments table = grown.params().get(0);
        assertThat(table.shape()).containsExactly(6, 2);
        assertThat(table.mean()).containsExactly(9, 9, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0);
        // rows 1..2's column means: (1 + 3) / 2 and (10 + 30) / 2; the padding row is not an item
        assertThat(table.variance()).containsExactly(8, 8, 1, 10, 3, 30, 2, 20, 2, 20, 2, 20);
        assertThat(grown.params().get(1)).isSameAs(state.params().get(1));
        assertThatThrownBy(() -> state.grown(4, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot grow the item table's moments [4, 2] with 4 known items to 6 rows");
    }

    private static Linear linear(NDManager manager) {
        Linear block = Linear.builder().setUnits(3).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        Checkpoint.of(block).restore(start(manager));
        return block;
    }

    /** The same starting weights for every block: weight (3, 4), bias (3). */
    private static float[][] start(NDManager manager) {
        float[] w = new float[12];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5 - 2) * 0.1f;
        }
        return new float[][] {w, {0.1f, -0.2f, 0.3f}};
    }

    private static void copy(Linear from, Linear to) {
        Checkpoint.of(to).restore(Checkpoint.of(from).snapshot());
    }

    private static float[][] weights(Linear block) {
        return Checkpoint.of(block).snapshot();
    }

    /** Runs sum(block(x)^2) backward with an input that changes with {@code step}; returns the loss. */
    private static double backward(NDManager manager, Linear block, int step) {
        Engine engine = Djl.engine();
        try (NDManager m = manager.newSubManager();
                GradientCollector gc = engine.newGradientCollector()) {
            float[] in = {1f + step, -0.5f * step, 0.25f, (step % 3) - 1f};
            NDArray x = m.create(in, new Shape(1, 4));
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), true)
                    .head();
            NDArray loss = y.mul(y).sum();
            gc.backward(loss);
            return loss.getFloat();
        }
    }
}
