package io.attnrec.nn.glocal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.rating.ItemCodeDecoder;
import io.attnrec.core.rating.RatingPredictor;
import io.attnrec.core.rating.RatingScale;
import io.attnrec.nn.Djl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * GLocal-K (Han et al., CIKM 2021) for explicit ratings: an item-based autoencoder whose weights are
 * kernelised by a learned local kernel, pre-trained, then fine-tuned on the rating matrix smoothed
 * by a global 3x3 convolution kernel derived from the pre-trained model ({@link GlocalKNet}), both
 * stages with full-batch L-BFGS ({@link Lbfgs}). The published best single model on ML-100K's u1
 * fold that we know of (RMSE 0.8889, with its epoch chosen on the test ratings; here the epoch is
 * chosen on a held-out slice of the training ratings).
 *
 * <p>After training, a prediction is {@code b_u + codes_i . w_u}: the item's last hidden layer and
 * the output layer's kernelised weights, as in {@code autorec}. Users and items without training
 * ratings get the training mean. The model reads the training matrix only: a user's history
 * given at prediction time does not change the prediction. Immutable, hence thread-safe.
 */
final class GlocalK extends BaseRecommender implements RatingPredictor, Persistable {

    static final String NAME = "glocal-k";

    private final GlocalKConfig config;
    /** The items' codes (their last hidden layer) and the output layer's kernelised weights. */
    private final ItemCodeDecoder readout;

    private final float mean;
    private final RatingScale scale;
    private final double[] curve;
    private final int epochs;

    private GlocalK(
            GlocalKConfig config,
            int numItems,
            ItemCodeDecoder readout,
            float mean,
            RatingScale scale,
            double[] curve,
            int epochs) {
        super(NAME, numItems);
        this.config = config;
        this.readout = readout;
        this.mean = mean;
        this.scale = scale;
        this.curve = curve;
        this.epochs = epochs;
    }

    /** The ratings of {@code data}, one triple per rating, in user order. */
    private record Ratings(int[] users, int[] items, float[] values) {}

    /** Trains on the ratings of {@code data}; every random choice derives from {@code seed}. */
    static GlocalK train(TrainingData data, GlocalKConfig config, long seed) {
        if (data.ratings() == null) {
            throw new IllegalArgumentException(NAME + " predicts explicit ratings, but the training data has none"
                    + " (use rated data such as MovieLens, without --min-rating)");
        }
        long cells = (long) data.numItems() * data.numUsers();
        if (cells > config.maxCells()) {
            throw new IllegalArgumentException(NAME + ": " + data.numItems() + " items x " + data.numUsers()
                    + " users = " + cells + " cells, above max_cells=" + config.maxCells()
                    + " (the model holds the dense rating matrix)");
        }
        SplittableRandom root = new SplittableRandom(seed);
        Ratings[] parts = holdout(data, config.validFraction(), root.split());
        Ratings fit = parts[0];
        Ratings valid = parts[1];
        if (fit.values().length == 0) {
            throw new IllegalArgumentException(NAME + ": the training data has no ratings");
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (Ratings r : parts) {
            for (float v : r.values()) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(NAME + ": a rating is missing or not finite");
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
        }
        RatingScale scale = new RatingScale(min, max);
        float mean = (float) (sum / (fit.values().length + valid.values().length));
        GlocalKNet net = new GlocalKNet(config, data.numItems(), data.numUsers());
        float[] start = net.initial(root.split());
        try (NDManager m = Djl.newManager()) {
            Run first = run(net, config, m, start, fit, valid, scale, config.fineEpochs(), data);
            Run kept = first;
            // the ratings the kept state was trained on: the fit part, or everything when refitting
            Ratings trainedOn = fit;
            if (config.refit() && valid.values().length > 0) {
                trainedOn = concat(fit, valid);
                kept = run(
                        net,
                        config,
                        m,
                        start,
                        trainedOn,
                        new Ratings(new int[0], new int[0], new float[0]),
                        scale,
                        first.fineEpochs,
                        data);
            }
            boolean[] known = new boolean[data.numItems() + 1];
            for (int i : trainedOn.items()) {
                known[i] = true;
            }
            return new GlocalK(
                    config,
                    data.numItems(),
                    new ItemCodeDecoder(config.hidden(), kept.codes, known, kept.decoder, kept.bias),
                    mean,
                    scale,
                    first.curve,
                    config.preEpochs() + kept.fineEpochs);
        }
    }

    /** One training run's read-out and held-out curve. */
    private record Run(float[] codes, float[] decoder, float[] bias, double[] curve, int fineEpochs) {}

    /**
     * Pre-trains, then fine-tunes for at most {@code fineEpochs} epochs, keeping the fine-tuning
     * epoch with the best held-out RMSE (the last one when {@code valid} is empty).
     */
    private static Run run(
            GlocalKNet net,
            GlocalKConfig config,
            NDManager m,
            float[] start,
            Ratings fit,
            Ratings valid,
            RatingScale scale,
            int fineEpochs,
            TrainingData data) {
        int items = data.numItems();
        int users = data.numUsers();
        float[] dense = new float[items * users];
        float[] observed = new float[items * users];
        for (int k = 0; k < fit.values().length; k++) {
            int cell = (fit.items()[k] - 1) * users + fit.users()[k];
            dense[cell] = fit.values()[k];
            observed[cell] = 1f;
        }
        try (NDManager local = m.newSubManager()) {
            NDArray ratings = local.create(dense, new Shape(items, users));
            NDArray mask = local.create(observed, new Shape(items, users));
            NDList shifts = net.shifts(ratings);
            Lbfgs lbfgs = new Lbfgs(config.memory());
            NDArray x = local.create(start);
            int total = config.preEpochs() + fineEpochs;
            double[] curve = new double[total];
            int done = 0;
            double best = Double.POSITIVE_INFINITY;
            float[] bestX = null;
            int bestFine = 0;
            for (int e = 0; e < total; e++) {
                boolean fine = e >= config.preEpochs();
                NDList s = fine ? shifts : null;
                NDArray next = lbfgs.run(p -> net.objective(p, ratings, mask, s), x, config.iterations());
                x.close();
                x = next;
                done = e + 1;
                if (valid.values().length > 0) {
                    float[] pred = net.outputs(x, ratings, shifts, fine)[0];
                    curve[e] = rmse(pred, users, valid, scale);
                    if (fine && curve[e] < best) {
                        best = curve[e];
                        bestX = x.toFloatArray();
                        bestFine = e + 1 - config.preEpochs();
                    } else if (fine && e + 1 - config.preEpochs() - bestFine >= config.patience()) {
                        break;
                    }
                }
            }
            boolean anyFine = fineEpochs > 0;
            NDArray keep = bestX == null ? x : local.create(bestX);
            int keptFine = bestX == null ? Math.max(0, done - config.preEpochs()) : bestFine;
            float[][] out = net.outputs(keep, ratings, shifts, anyFine);
            int h = config.hidden();
            float[] codes = new float[(items + 1) * h];
            System.arraycopy(out[1], 0, codes, h, items * h);
            // (H, U) -> (U, H), so that a user's weights are one row
            float[] decoder = new float[users * h];
            for (int k = 0; k < h; k++) {
                for (int u = 0; u < users; u++) {
                    decoder[u * h + k] = out[2][k * users + u];
                }
            }
            return new Run(codes, decoder, out[3], Arrays.copyOf(curve, done), keptFine);
        }
    }

    private static double rmse(float[] pred, int users, Ratings valid, RatingScale scale) {
        double sum = 0;
        for (int k = 0; k < valid.values().length; k++) {
            double e = scale.clip(pred[(valid.items()[k] - 1) * users + valid.users()[k]]) - valid.values()[k];
            sum += e * e;
        }
        return Math.sqrt(sum / valid.values().length);
    }

    /**
     * Holds out about {@code fraction} of the ratings, each independently with that probability; a
     * user keeps at least one fit rating. Returns {fit, held out}.
     */
    private static Ratings[] holdout(TrainingData data, double fraction, SplittableRandom random) {
        int n = 0;
        for (int[] s : data.sequences()) {
            n += s.length;
        }
        int[][] u = new int[2][n];
        int[][] i = new int[2][n];
        float[][] r = new float[2][n];
        int[] size = new int[2];
        for (int user = 0; user < data.numUsers(); user++) {
            int[] items = data.sequences()[user];
            float[] values = data.ratings()[user];
            int kept = 0;
            for (int p = 0; p < items.length; p++) {
                // the draw happens for every rating, so the slice does not depend on earlier choices
                boolean out = random.nextDouble() < fraction && (kept > 0 || p < items.length - 1);
                int side = out ? 1 : 0;
                kept += out ? 0 : 1;
                u[side][size[side]] = user;
                i[side][size[side]] = items[p];
                r[side][size[side]] = values[p];
                size[side]++;
            }
        }
        return new Ratings[] {
            new Ratings(Arrays.copyOf(u[0], size[0]), Arrays.copyOf(i[0], size[0]), Arrays.copyOf(r[0], size[0])),
            new Ratings(Arrays.copyOf(u[1], size[1]), Arrays.copyOf(i[1], size[1]), Arrays.copyOf(r[1], size[1]))
        };
    }

    private static Ratings concat(Ratings a, Ratings b) {
        int n = a.values().length;
        int[] u = Arrays.copyOf(a.users(), n + b.values().length);
        int[] i = Arrays.copyOf(a.items(), n + b.values().length);
        float[] r = Arrays.copyOf(a.values(), n + b.values().length);
        System.arraycopy(b.users(), 0, u, n, b.values().length);
        System.arraycopy(b.items(), 0, i, n, b.values().length);
        System.arraycopy(b.values(), 0, r, n, b.values().length);
        return new Ratings(u, i, r);
    }

    @Override
    public RatingScale scale() {
        return scale;
    }

    /** Held-out RMSE after each epoch (pre-training, then fine-tuning) of the first run. */
    @Override
    public double[] validationCurve() {
        return curve.clone();
    }

    GlocalKConfig config() {
        return config;
    }

    private double raw(int user, int item) {
        return readout.covers(user, item) ? readout.raw(user, item) : mean;
    }

    @Override
    public float predict(int user, int[] history, float[] historyRatings, int item) {
        return scale.clip(raw(user, item));
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        Recommender.requireScoreLength(scores, numItems);
        for (int i = 1; i <= numItems; i++) {
            scores[i] = (float) raw(user, i);
        }
        scores[0] = 0f;
    }

    @Override
    public void save(Path dir) throws IOException {
        Map<String, String> meta = new HashMap<>(config.toOptions());
        meta.put("num_users", Integer.toString(readout.numUsers()));
        meta.put("num_items", Integer.toString(numItems));
        meta.put("mean", Float.toString(mean));
        meta.put("min_rating", Float.toString(scale.min()));
        meta.put("max_rating", Float.toString(scale.max()));
        meta.put("trained_epochs", Integer.toString(epochs));
        meta.put("valid_curve", Arrays.toString(curve).replaceAll("[\\[\\] ]", ""));
        ModelFiles.writeMeta(dir, NAME, meta);
        readout.save(dir);
    }

    /** Reads a model written by {@link #save}. */
    static GlocalK load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        GlocalKConfig config;
        RatingScale scale;
        try {
            Map<String, String> options = new HashMap<>();
            for (String key : GlocalKConfig.defaults().toOptions().keySet()) {
                options.put(key, meta.values().get(key));
            }
            config = GlocalKConfig.parse(new ModelOptions(options));
            scale = new RatingScale((float) meta.real("min_rating"), (float) meta.real("max_rating"));
        } catch (IllegalArgumentException e) {
            throw new IOException(meta.file() + ": bad settings: " + e.getMessage(), e);
        }
        int users = meta.integer("num_users");
        int items = meta.integer("num_items");
        ItemCodeDecoder readout = ItemCodeDecoder.load(dir, users, items, config.hidden());
        String c = meta.values().getOrDefault("valid_curve", "");
        double[] curve = c.isEmpty()
                ? new double[0]
                : Arrays.stream(c.split(",")).mapToDouble(Double::parseDouble).toArray();
        return new GlocalK(
                config, items, readout, (float) meta.real("mean"), scale, curve, meta.integer("trained_epochs"));
    }
}
