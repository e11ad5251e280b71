package io.attnrec.nn.bench.speed;

import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.Split;
import io.attnrec.nn.Djl;
import io.attnrec.nn.sasrec.SasRecConfig;
import io.attnrec.nn.sasrec.SasRecProvider;
import io.attnrec.nn.seq.SequenceRecommender;
import io.attnrec.nn.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * SASRec training speed with attnrec's own {@link Trainer}: trains on the leave-one-out training
 * part of a data set for a warm-up and then a fixed number of timed optimisation steps (or the
 * rest of the first epoch) and prints seconds per step, sequences per second and the projected
 * seconds per epoch as one {@code RESULT} line. {@code bench/pytorch/speed.sh} runs it
 * alternately with the PyTorch reference {@code bench/pytorch/sasrec_torch.py}.
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE java -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
 *   -cp ... io.attnrec.nn.bench.speed.SasRecSpeed --data ../shared/data/amazon-beauty-bert4rec \
 *   --options loss=ce --warmup 10 --steps 100 [--seed 42] [--profile [--ce-chunk 128]]
 * </pre>
 *
 * <p>{@code --options} are SASRec's model options (defaults: the published setting). With {@code
 * --profile} a second model of the same seed runs a copy of the trainer's step with a clock
 * between its parts ({@link PartsProfile}) and prints a {@code PROFILE} line; {@code --ce-chunk N}
 * adds a profile of the candidate output layer of {@link PartsProfile#chunkedCrossEntropy}.
 */
public final class SasRecSpeed {

    private SasRecSpeed() {}

    /** Command-line settings. */
    record Settings(Path data, String options, int warmup, int steps, long seed, boolean profile, int ceChunk) {

        Settings {
            if (warmup < 0) {
                throw new IllegalArgumentException("--warmup must be >= 0");
            }
            if (steps < 0) {
                throw new IllegalArgumentException("--steps must be >= 0 (0 = the rest of the epoch)");
            }
            if (ceChunk < 0) {
                throw new IllegalArgumentException("--ce-chunk must be >= 0");
            }
        }

        static Settings parse(String... args) {
            Path data = null;
            String options = "";
            int warmup = 10;
            int steps = 100;
            long seed = 42;
            boolean profile = false;
            int ceChunk = 0;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--profile")) {
                    profile = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                try {
                    switch (a) {
                        case "--data" -> data = Path.of(v);
                        case "--options" -> options = v;
                        case "--warmup" -> warmup = Integer.parseInt(v);
                        case "--steps" -> steps = Integer.parseInt(v);
                        case "--seed" -> seed = Long.parseLong(v);
                        case "--ce-chunk" -> ceChunk = Integer.parseInt(v);
                        default -> throw new IllegalArgumentException("unknown argument " + a);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(a + " must be a whole number, got '" + v + "'");
                }
            }
            if (data == null) {
                throw new IllegalArgumentException("--data PATH is required");
            }
            return new Settings(data, options, warmup, steps, seed, profile, ceChunk);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings s;
        try {
            s = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sasrec-speed: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.exists(s.data())) {
            System.err.println("sasrec-speed: data " + s.data() + " does not exist");
            System.exit(2);
        }
        // timing runs only: no progress bar, one epoch at most
        SasRecConfig config =
                SasRecConfig.parse(ModelOptions.parsePairs(s.options()).with(java.util.Map.of("progress", "false")));
        config = config.withTrain(config.train().withEpochs(1));

        long t0 = System.nanoTime();
        Dataset data = Experiments.load(DataSpec.of(s.data()), m -> {});
        Split split = Experiments.split(data, "loo", s.seed());
        TrainingData train = split.train();
        long positions = 0;
        int trainable = 0;
        for (int[] seq : train.sequences()) {
            if (seq.length >= 2) {
                trainable++;
                positions += Math.min(seq.length - 1, config.maxLen());
            }
        }
        int batch = config.train().batchSize();
        int stepsPerEpoch = (trainable + batch - 1) / batch;
        System.out.printf(
                Locale.ROOT,
                "data %s: %d users, %d items, %d training sequences, %d target positions, %d steps/epoch,"
                        + " read in %.1f s%n",
                s.data(),
                train.numUsers(),
                train.numItems(),
                trainable,
                positions,
                stepsPerEpoch,
                (System.nanoTime() - t0) / 1e9);
        System.out.println("options " + config.toOptions() + " threads "
                + System.getProperty("ai.djl.pytorch.num_threads", "(default)") + " seed " + s.seed());

        StepClock clock = new StepClock(s.warmup(), s.steps());
        Djl.seed(s.seed());
        try (SequenceRecommender<SasRecConfig> model = new SasRecProvider().create(config, train.numItems())) {
            try {
                // a constant validator: the bench measures training steps, not evaluation
                new Trainer(config.train())
                        .withValidator(m -> 0.0)
                        .addListener(clock)
                        .fit(model, train, s.seed());
            } catch (StepClock.Enough done) {
                // the clock stopped the run after the timed steps
            }
        }
        int timed = clock.timedSteps();
        long sequences = Math.min(trainable, (long) (s.warmup() + timed) * batch) - (long) s.warmup() * batch;
        Measurement result = new Measurement(
                "attnrec", config.train().loss().key(), timed, clock.timedSeconds(), sequences, stepsPerEpoch);
        System.out.println(result.resultLine());

        if (s.profile()) {
            int steps = s.steps() > 0 ? s.steps() : stepsPerEpoch - s.warmup();
            System.out.println(PartsProfile.line("attnrec", profile(s, config, train, trainable, steps, 0)));
            if (s.ceChunk() > 0) {
                System.out.println(PartsProfile.line(
                        "attnrec-ce-chunk" + s.ceChunk(), profile(s, config, train, trainable, steps, s.ceChunk())));
            }
        }
    }

    /** The step profile on a fresh model of the same seed, over the same shuffled users. */
    private static double[] profile(
            Settings s, SasRecConfig config, TrainingData train, int trainable, int steps, int ceChunk) {
        Djl.seed(s.seed());
        try (SequenceRecommender<SasRecConfig> model = new SasRecProvider().create(config, train.numItems())) {
            int[] users = new int[trainable];
            int k = 0;
            for (int u = 0; u < train.numUsers(); u++) {
                if (train.sequences()[u].length >= 2) {
                    users[k++] = u;
                }
            }
            SplittableRandom rng = new SplittableRandom(s.seed());
            for (int i = users.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = users[i];
                users[i] = users[j];
                users[j] = tmp;
            }
            return new PartsProfile(train.sequences(), config.maxLen())
                    .run(model, config.train(), users, s.warmup(), steps, rng, ceChunk);
        }
    }
}
