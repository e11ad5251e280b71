package io.attnrec.nn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.Djl;
import io.attnrec.nn.sasrec.SasRecConfig;
import io.attnrec.nn.sasrec.SasRecProvider;
import io.attnrec.nn.seq.SequenceRecommender;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Times the parts of one SASRec training step at Amazon-Beauty scale (bench only). */
@Tag("bench")
class StepBench {

    @Test
    void timeParts() {
        int numItems = 54542;
        int batch = 128;
        int t = 50;
        int perRow = 6;
        SasRecConfig c = SasRecConfig.parse(ModelOptions.parsePairs(System.getProperty("bench.options", "")));
        Djl.seed(1);
        SplittableRandom rng = new SplittableRandom(1);
        Engine engine = Djl.engine();
        try (SequenceRecommender<SasRecConfig> model = new SasRecProvider().create(c, numItems)) {
            double[] acc = new double[4];
            for (int step = 0; step < 12; step++) {
                long[] inputs = new long[batch * t];
                long[] positions = new long[batch * perRow];
                long[] targets = new long[batch * perRow];
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < perRow; i++) {
                        inputs[b * t + t - perRow + i] = 1 + rng.nextInt(numItems);
                        positions[b * perRow + i] = b * t + t - perRow + i;
                        targets[b * perRow + i] = 1 + rng.nextInt(numItems);
                    }
                }
                try (NDManager m = model.manager().newSubManager()) {
                    ParameterStore ps = new ParameterStore(m, false);
                    long a = System.nanoTime();
                    NDArray items = m.create(inputs, new Shape(batch, t));
                    NDArray pos = m.create(positions);
                    long b0;
                    long b1;
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray hidden = model.network().encode(ps, items, true).head();
                        NDArray real = hidden.reshape(
                                        (long) batch * t, hidden.getShape().get(2))
                                .get(pos);
                        real.getFloat(0, 0);
                        b0 = System.nanoTime();
                        NDArray loss =
                                Losses.crossEntropy(real, model.network().itemTable(ps, true), m.create(targets));
                        loss.getFloat();
                        b1 = System.nanoTime();
                        gc.backward(loss);
                    }
                    long b2 = System.nanoTime();
                    var opt = ai.djl.training.optimizer.AdamW.builder().build();
                    for (var p : model.network().block().getParameters()) {
                        NDArray w = p.getValue().getArray();
                        try (NDArray g = w.getGradient()) {
                            opt.update(p.getValue().getId(), w, g);
                        }
                    }
                    long b3 = System.nanoTime();
                    if (step >= 2) {
                        acc[0] += (b0 - a) / 1e6;
                        acc[1] += (b1 - b0) / 1e6;
                        acc[2] += (b2 - b1) / 1e6;
                        acc[3] += (b3 - b2) / 1e6;
                    }
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "STEP ms: encode %.0f  loss %.0f  backward %.0f  update %.0f%n",
                    acc[0] / 10,
                    acc[1] / 10,
                    acc[2] / 10,
                    acc[3] / 10);
        }
    }
}
