package io.attnrec.nn.multi;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.Split;
import io.attnrec.nn.Djl;
import io.attnrec.nn.train.EpochStats;
import io.attnrec.nn.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With {@code ema}, the multi-interest trainer validates and keeps the moving average of the
 * weights while the optimiser's own trajectory is the one it takes without it.
 */
class WeightAverageTrainingTest {

    // the contract's tiny two-topic world
    private static final Dataset DATA = MultiInterestContract.DATA;

    private static final Split SPLIT = MultiInterestContract.SPLIT;

    private static final String OPTIONS =
            "dim=8,interests=2,max_len=16,epochs=3,batch_size=32,lr=0.01,patience=10,progress=false";

    /** What one training run saw: each pass's loss and, at each validation, a probe user's scores. */
    private record Run(List<Double> losses, List<float[]> validated, float[] kept) {}

    private static <C extends Record> MultiInterestRecommender<C> fresh(MultiInterestProvider<C> p, String options) {
        return p.create(p.parse(ModelOptions.parsePairs(options)), DATA.numItems());
    }

    private static Run train(String extra) {
        String options = OPTIONS + extra;
        int[] probe = SPLIT.validation().get(0).history();
        List<Double> losses = new ArrayList<>();
        List<float[]> validated = new ArrayList<>();
        // the second of three passes validates best, so the model must end with its weights
        double[] metric = {0.1, 0.9, 0.5};
        Djl.seed(3);
        try (MultiInterestRecommender<?> model = fresh((MultiInterestProvider<?>) Models.require("mind"), options)) {
            new MultiInterestTrainer(
                            MultiTrainConfig.parse(ModelOptions.parsePairs(options), MultiTrainConfig.defaults()))
                    .withValidator(m -> {
                        float[] s = new float[DATA.numItems() + 1];
                        m.score(-1, probe, s);
                        validated.add(s);
                        return metric[validated.size() - 1];
                    })
                    .addListener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochStats stats) {
                            losses.add(stats.loss());
                        }
                    })
                    .fit(model, SPLIT.train(), 3L);
            float[] kept = new float[DATA.numItems() + 1];
            model.score(-1, probe, kept);
            return new Run(losses, validated, kept);
        }
    }

    @Test
    void theAverageIsValidatedAndKeptWhileTrainingFollowsTheSameSteps() {
        Run plain = train("");
        Run averaged = train(",ema=0.9");

        // the optimiser's trajectory does not depend on the average
        assertThat(averaged.losses()).hasSize(3).containsExactlyElementsOf(plain.losses());
        // without the average, the kept weights are those of the best pass
        assertThat(plain.kept()).containsExactly(plain.validated().get(1));
        // with it, what was validated is not the trained weights, and the best validated average is kept
        for (int pass = 0; pass < 3; pass++) {
            assertThat(averaged.validated().get(pass))
                    .as("pass %d", pass + 1)
                    .isNotEqualTo(plain.validated().get(pass));
        }
        assertThat(averaged.kept()).containsExactly(averaged.validated().get(1));
    }
}
