package io.attnrec.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.Djl;
import io.attnrec.nn.sasrec.SasRecConfig;
import io.attnrec.nn.sasrec.SasRecProvider;
import io.attnrec.nn.seq.SequenceRecommender;
import io.attnrec.nn.testing.NextItemWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    private static final NextItemWorld WORLD = new NextItemWorld(60, 20, 4, 8, 3L);

    private static SasRecConfig config(String extra) {
        return SasRecConfig.parse(ModelOptions.parsePairs(
                "max_len=8,dim=16,blocks=1,dropout=0.1,batch_size=16,lr=0.01,progress=false" + extra));
    }

    private static SequenceRecommender<SasRecConfig> fresh(SasRecConfig c) {
        Djl.seed(1);
        return new SasRecProvider().create(c, WORLD.numItems);
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        // min_epochs=0: the automatic minimum (200 steps) would run all 10 one-step epochs here
        SasRecConfig c = config(",epochs=10,patience=2,min_epochs=0");
        double[] script = {0.3, 0.5, 0.4, 0.45, 0.9};
        List<float[]> scoresPerEpoch = new ArrayList<>();
        int[] history = WORLD.data.sequences()[0];
        try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
            TrainingResult r = new Trainer(c.train())
                    .withValidator(m -> {
                        float[] s = new float[WORLD.numItems + 1];
                        m.score(0, history, s);
                        scoresPerEpoch.add(s);
                        return script[scoresPerEpoch.size() - 1];
                    })
                    .fit(model, WORLD.data, 4L);
            assertThat(r.epochs()).hasSize(4);
            assertThat(r.stoppedEarly()).isTrue();
            assertThat(r.bestEpoch()).isEqualTo(2);
            assertThat(r.bestValidationNdcg()).isEqualTo(0.5);
            assertThat(r.epochs().get(1).best()).isTrue();
            assertThat(r.epochs().get(2).best()).isFalse();
            float[] now = new float[WORLD.numItems + 1];
            model.score(0, history, now);
            assertThat(now).containsExactly(scoresPerEpoch.get(1));
            assertThat(now).isNotEqualTo(scoresPerEpoch.get(3));
        }
    }

    @Test
    void theItemTableCopyIsTheBestEpochsAfterEarlyStopping() {
        // the evaluator's factor path reads the model's copy of the item table; a validation of a
        // later epoch made that copy from the later epoch's weights before the best were restored
        SasRecConfig c = config(",epochs=10,patience=2,min_epochs=0");
        double[] script = {0.3, 0.5, 0.4, 0.45, 0.9};
        List<float[]> rows = new ArrayList<>();
        try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
            TrainingResult r = new Trainer(c.train())
                    .withValidator(m -> {
                        rows.add(((SequenceRecommender<?>) m).itemVector(1).clone());
                        return script[rows.size() - 1];
                    })
                    .fit(model, WORLD.data, 4L);
            assertThat(r.bestEpoch()).isEqualTo(2);
            assertThat(rows.get(3)).isNotEqualTo(rows.get(1));
            assertThat(model.itemVector(1)).containsExactly(rows.get(1));
            assertThat(model.factorTable().items()[1]).containsExactly(rows.get(1));
        }
    }

    @Test
    void aStepBudgetRunsThatManyStepsInWholeValidationIntervalsWithoutTheEpochMinimum() {
        // 60 users at batch 16 are 4 steps an epoch; a budget of 7 steps validated every 3 is 9
        // steps in 3 intervals, across an epoch boundary, and the automatic 200-step minimum of
        // a training from scratch does not apply
        SasRecConfig c = config(",epochs=1,patience=50");
        int[] batches = {0};
        int[] validations = {0};
        try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
            TrainingResult r = new Trainer(c.train())
                    .withValidator(m -> ++validations[0])
                    .addListener(new TrainingListener() {
                        @Override
                        public void onBatchEnd(int epoch, int batch, double loss) {
                            batches[0]++;
                        }
                    })
                    .fitSteps(model, WORLD.data, 4L, 7, 3);
            assertThat(batches[0]).isEqualTo(9);
            assertThat(validations[0]).isEqualTo(4); // the start and three intervals
            assertThat(r.epochs()).hasSize(3);
            assertThat(r.bestEpoch()).isEqualTo(3);
        }
        // a score that only falls stops after `patience` intervals, keeping the first interval
        SasRecConfig p1 = config(",epochs=1,patience=1");
        double[] falling = {0.4, 0.5, 0.1, 0.05, 0.01};
        int[] calls = {0};
        try (SequenceRecommender<SasRecConfig> model = fresh(p1)) {
            TrainingResult r = new Trainer(p1.train())
                    .withValidator(m -> falling[calls[0]++])
                    .fitSteps(model, WORLD.data, 4L, 40, 10);
            assertThat(r.epochs()).hasSize(2);
            assertThat(r.stoppedEarly()).isTrue();
            assertThat(r.bestEpoch()).isEqualTo(1);
        }
        // a fine-tuning that never beats the starting weights leaves them as they were
        double[] worse = {0.9, 0.5, 0.4, 0.3};
        int[] n = {0};
        int[] history = WORLD.data.sequences()[0];
        try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
            float[] before = new float[WORLD.numItems + 1];
            model.score(0, history, before);
            TrainingResult r =
                    new Trainer(c.train()).withValidator(m -> worse[n[0]++]).fitSteps(model, WORLD.data, 4L, 9, 3);
            float[] after = new float[WORLD.numItems + 1];
            model.score(0, history, after);
            assertThat(r.bestEpoch()).isZero();
            assertThat(r.bestValidationNdcg()).isEqualTo(0.9);
            assertThat(after).containsExactly(before);
        }
        try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
            assertThatThrownBy(() -> new Trainer(c.train()).fitSteps(model, WORLD.data, 4L, 0, 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a step budget needs steps >= 1 and validate-every >= 1, got 0 and 5");
        }
    }

    @Test
    void aContinuedBudgetDrawsTheBatchesAfterTheOnesAlreadyRunNotTheSameAgain() {
        SasRecConfig c = config(",epochs=1,patience=50");
        int[] history = WORLD.data.sequences()[0];
        float[][] after = new float[3][];
        int[] skipped = {0, 0, 4};
        for (int run = 0; run < 3; run++) {
            int[] n = {0};
            // the same starting weights and seed each time: only the batches can differ
            try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
                new Trainer(c.train())
                        .withValidator(m -> ++n[0])
                        .continuingAfter(skipped[run])
                        .fitSteps(model, WORLD.data, 4L, 4, 4);
                after[run] = new float[WORLD.numItems + 1];
                model.score(0, history, after[run]);
            }
        }
        // continuing after 0 steps is a fresh layout, to the bit; after 4 steps (one pass over the
        // 60 users at batch 16) the batches are the second pass's, another shuffle
        assertThat(after[1]).containsExactly(after[0]);
        assertThat(after[2]).isNotEqualTo(after[0]);
        assertThatThrownBy(() -> new Trainer(c.train()).continuingAfter(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("steps already run must be >= 0, got -1");
    }

    @Test
    void aWeightAverageIsWhatIsValidatedAndKeptWhileTheStepsTrainAsWithoutIt() {
        // 12 steps validated every 3; a score that always rises keeps the last interval
        SasRecConfig c = config(",epochs=1,patience=50");
        double decay = 0.9;
        // run 0 trains without an average, run 1 with one; both record the item table as each
        // validation sees it, run 0 also after every step
        List<List<float[]>> validated = List.of(new ArrayList<>(), new ArrayList<>());
        List<float[]> stepped = new ArrayList<>();
        OptimizerState[] states = new OptimizerState[2];
        float[][] kept = new float[2][];
        for (int run = 0; run < 2; run++) {
            List<float[]> seen = validated.get(run);
            try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
                Trainer trainer = new Trainer(c.train()).withAverage(run == 0 ? 0 : decay);
                trainer.withValidator(m -> {
                    seen.add(table(model));
                    return seen.size();
                });
                if (run == 0) {
                    trainer.addListener(new TrainingListener() {
                        @Override
                        public void onBatchEnd(int epoch, int batch, double loss) {
                            stepped.add(table(model));
                        }
                    });
                }
                TrainingResult r = trainer.fitSteps(model, WORLD.data, 4L, 12, 3);
                assertThat(r.bestEpoch()).isEqualTo(4);
                states[run] = trainer.optimizerState();
                kept[run] = table(model);
            }
        }
        // the steps train the same weights: the optimiser's moments agree to the bit
        assertThat(states[1].steps()).isEqualTo(states[0].steps()).isEqualTo(12);
        for (int p = 0; p < states[0].params().size(); p++) {
            assertThat(states[1].params().get(p).mean())
                    .containsExactly(states[0].params().get(p).mean());
            assertThat(states[1].params().get(p).variance())
                    .containsExactly(states[0].params().get(p).variance());
        }
        // both validate the same starting weights first
        assertThat(validated.get(1).get(0)).containsExactly(validated.get(0).get(0));
        // the average, folded by hand from the trained weights after each step
        float[] average = validated.get(0).get(0).clone();
        for (int n = 0; n < stepped.size(); n++) {
            double d = Math.min(decay, (1.0 + n) / (10.0 + n));
            for (int i = 0; i < average.length; i++) {
                average[i] = (float) (d * average[i] + (1 - d) * stepped.get(n)[i]);
            }
            if ((n + 1) % 3 == 0) {
                assertThat(validated.get(1).get((n + 1) / 3)).containsExactly(average, within(1e-5f));
            }
        }
        assertThat(kept[0]).containsExactly(stepped.get(11));
        assertThat(kept[1]).containsExactly(validated.get(1).get(4));
        assertThat(maxDifference(kept[1], kept[0])).isGreaterThan(1e-4);
        assertThatThrownBy(() -> new Trainer(c.train()).withAverage(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a weight average's decay must be 0 (off) or in (0, 1), got 1.0");
    }

    /** The model's item table (its first parameter), copied. */
    private static float[] table(SequenceRecommender<?> model) {
        return model.network()
                .block()
                .getParameters()
                .get(0)
                .getValue()
                .getArray()
                .toFloatArray();
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void aSmallDataSetIsNotStoppedBeforeTheAutomaticMinimum() {
        // one step an epoch: the automatic minimum is every epoch asked for, however early the peak
        SasRecConfig c = config(",epochs=6,patience=1");
        double[] script = {0.5, 0.1, 0.1, 0.1, 0.1, 0.1};
        int[] calls = {0};
        try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
            TrainingResult r = new Trainer(c.train())
                    .withValidator(m -> script[calls[0]++])
                    .fit(model, WORLD.data, 4L);
            assertThat(r.epochs()).hasSize(6);
            assertThat(r.bestEpoch()).isEqualTo(1);
        }
    }

    @Test
    void defaultValidationIsTheEvaluatorsNdcgAt10() {
        NextItemWorld world = new NextItemWorld(60, 20, 4, 8, 3L, true);
        SasRecConfig c = config(",epochs=3");
        try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
            TrainingResult r = new Trainer(c.train()).fit(model, world.data, 4L);
            assertThat(r.epochs())
                    .allSatisfy(e -> assertThat(e.validationNdcg()).isPresent());
            double best = r.epochs().stream()
                    .mapToDouble(e -> e.validationNdcg().getAsDouble())
                    .max()
                    .orElseThrow();
            assertThat(r.bestValidationNdcg()).isEqualTo(best).isBetween(0.0, 1.0);
            // the restored weights give the best epoch's number again
            double again = new Evaluator(EvalConfig.defaults().withKs(10), world.data)
                    .evaluate(model, world.data.validation())
                    .metric("ndcg@10");
            assertThat(again).isEqualTo(best);
        }
    }

    @Test
    void lossFallsAndStepsDoNotLeakNativeMemory() {
        SasRecConfig c = config(",epochs=4");
        List<Integer> arrays = new ArrayList<>();
        try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
            TrainingResult r = new Trainer(c.train())
                    .addListener(new TrainingListener() {
                        @Override
                        public void onBatchEnd(int epoch, int batch, double loss) {
                            arrays.add(model.manager().getManagedArrays().size());
                        }
                    })
                    .fit(model, WORLD.data, 4L);
            assertThat(r.epochs().get(3).loss()).isLessThan(r.epochs().get(0).loss());
            assertThat(r.epochs())
                    .allSatisfy(e -> assertThat(e.validationNdcg()).isEmpty());
            // the first update creates the optimiser's moment arrays; nothing grows after that
            assertThat(arrays.subList(1, arrays.size())).containsOnly(arrays.get(1));
        }
    }

    @Test
    void writesTheCurveAsJsonAndPng(@TempDir Path dir) throws Exception {
        SasRecConfig c = config(",epochs=3,output_dir=" + dir.resolve("out"));
        try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
            new Trainer(c.train()).withValidator(m -> 0.1).fit(model, WORLD.data, 4L);
        }
        JsonNode json =
                new ObjectMapper().readTree(dir.resolve("out/curve.json").toFile());
        assertThat(json.get("model").asText()).isEqualTo("sasrec");
        assertThat(json.get("epochs")).hasSize(3);
        JsonNode first = json.get("epochs").get(0);
        assertThat(first.get("epoch").asInt()).isEqualTo(1);
        assertThat(first.get("loss").asDouble()).isPositive();
        assertThat(first.get("val_ndcg@10").asDouble()).isEqualTo(0.1);
        assertThat(first.get("seconds").asDouble()).isPositive();
        byte[] png = Files.readAllBytes(dir.resolve("out/curve.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void plainProgressLinesWhenNotOnATerminal() {
        SasRecConfig c = config(",epochs=2");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (SequenceRecommender<SasRecConfig> model = fresh(c);
                PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            new Trainer(c.train()).addListener(new ProgressListener(out, false)).fit(model, WORLD.data, 4L);
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(2);
        assertThat(text)
                .contains("sasrec epoch 1/2  loss ")
                .contains("sasrec epoch 2/2")
                .doesNotContain("\r");
    }

    @Test
    void rejectsDataWithoutTrainablePairs() {
        NextItemWorld tiny = new NextItemWorld(3, 20, 1, 1, 1L);
        SasRecConfig c = config(",epochs=1");
        try (SequenceRecommender<SasRecConfig> model = fresh(c)) {
            assertThatThrownBy(() -> new Trainer(c.train()).fit(model, tiny.data, 1L))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("two or more");
        }
    }
}
