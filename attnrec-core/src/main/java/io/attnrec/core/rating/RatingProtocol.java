package io.attnrec.core.rating;

import io.attnrec.core.eval.RatingMetrics;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.report.ComparisonReport;
import io.attnrec.core.report.ModelResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The rating protocol behind {@code attnrec compare --protocol rating}: every model is trained on
 * each fold's training part and predicts its test ratings; RMSE and MAE of the clipped
 * predictions are averaged over folds (the usual five-fold mean), and each fold's values are kept
 * as {@code rmse_<fold>} and {@code mae_<fold>}. Every model after the first is compared with the
 * first by a paired t-test and Wilcoxon test over (fold, user) pairs of the user's mean squared
 * error, negated so that a positive difference means fewer errors: {@code
 * neg_user_mse_diff_vs_first}, {@code neg_user_mse_t_p_vs_first}, {@code
 * neg_user_mse_wilcoxon_p_vs_first}.
 */
public final class RatingProtocol {

    private RatingProtocol() {}

    /**
     * {@code attnrec compare --protocol rating}: reads the folds of {@code spec}'s path (official
     * MovieLens-100K folds, else a seeded random k-fold split), runs every model on the first
     * {@code folds} of them and reports the mean and per-fold RMSE and MAE.
     *
     * @param described the whole data set, for the report's dataset section
     */
    public static ComparisonReport compare(
            Dataset described, DataSpec spec, List<ModelSpec> specs, int folds, long seed, Consumer<String> log)
            throws IOException {
        for (ModelSpec s : specs) {
            Models.require(s.name());
        }
        boolean official = RatingFolds.hasOfficialFolds(spec.path());
        List<RatingFolds.Fold> fs = RatingFolds.read(spec.path(), spec.format(), spec.load(), spec.prep(), folds, seed);
        log.accept("rating protocol: " + fs.size() + (official ? " official fold(s) " : " random fold(s) ")
                + fs.stream().map(RatingFolds.Fold::name).toList());
        List<ModelResult> results = run(fs, specs, seed, log);
        return new ComparisonReport(Experiments.describe(described), describe(fs, official, seed), results);
    }

    /**
     * Trains and tests every model on every fold.
     *
     * @throws IllegalArgumentException when a model does not predict ratings
     */
    public static List<ModelResult> run(
            List<RatingFolds.Fold> folds, List<ModelSpec> specs, long seed, Consumer<String> log) {
        for (ModelSpec s : specs) {
            Models.require(s.name());
        }
        List<ModelResult> results = new ArrayList<>();
        List<double[]> perUser = new ArrayList<>();
        for (ModelSpec spec : specs) {
            List<Double> userErrors = new ArrayList<>();
            Map<String, Double> metrics = new LinkedHashMap<>();
            double sumRmse = 0;
            double sumMae = 0;
            double sumValid = 0;
            int validFolds = 0;
            double train = 0;
            double eval = 0;
            int predicted = 0;
            for (RatingFolds.Fold fold : folds) {
                long t0 = System.nanoTime();
                Recommender model = Models.require(spec.name()).train(fold.train(), spec.options(), seed);
                long t1 = System.nanoTime();
                if (!(model instanceof RatingPredictor predictor)) {
                    throw new IllegalArgumentException(
                            "model '" + spec.name() + "' does not predict ratings; the rating"
                                    + " protocol needs a rating model such as biasedmf, svdpp or attn-rating");
                }
                // the held-out slice of the training fold: what settings are chosen by
                double valid = Arrays.stream(predictor.validationCurve()).min().orElse(Double.NaN);
                if (!Double.isNaN(valid)) {
                    metrics.put("valid_rmse_" + fold.name(), valid);
                    sumValid += valid;
                    validFolds++;
                }
                float[] predictions = predict(predictor, fold);
                double rmse = RatingMetrics.rmse(predictions, fold.testRatings());
                double mae = RatingMetrics.mae(predictions, fold.testRatings());
                userErrors.addAll(negatedUserMse(predictions, fold));
                long t2 = System.nanoTime();
                metrics.put("rmse_" + fold.name(), rmse);
                metrics.put("mae_" + fold.name(), mae);
                sumRmse += rmse;
                sumMae += mae;
                train += (t1 - t0) / 1e9;
                eval += (t2 - t1) / 1e9;
                predicted += fold.size();
                log.accept(String.format(
                        Locale.ROOT,
                        "%s %s: rmse=%.4f mae=%.4f valid rmse=%.4f (train %.1f s)",
                        spec.text(),
                        fold.name(),
                        rmse,
                        mae,
                        valid,
                        (t1 - t0) / 1e9));
            }
            metrics.put("rmse", sumRmse / folds.size());
            metrics.put("mae", sumMae / folds.size());
            if (validFolds > 0) {
                metrics.put("valid_rmse", sumValid / validFolds);
            }
            log.accept(String.format(
                    Locale.ROOT,
                    "%s: %d-fold mean rmse=%.4f mae=%.4f (train %.1f s)",
                    spec.text(),
                    folds.size(),
                    sumRmse / folds.size(),
                    sumMae / folds.size(),
                    train));
            results.add(new ModelResult(spec.text(), metrics, train, eval, predicted));
            perUser.add(userErrors.stream().mapToDouble(Double::doubleValue).toArray());
        }
        for (int j = 1; j < results.size() && perUser.get(0).length >= 2; j++) {
            results.set(
                    j,
                    Experiments.withPairedTest(
                            results.get(j),
                            "neg_user_mse",
                            perUser.get(j),
                            perUser.get(0),
                            specs.get(0).text(),
                            log));
        }
        return results;
    }

    /**
     * Minus each test user's mean squared error on {@code fold}, users in id order (the users
     * unknown to the training part as one group), so every model yields the same pairs.
     */
    static List<Double> negatedUserMse(float[] predictions, RatingFolds.Fold fold) {
        TreeMap<Integer, double[]> byUser = new TreeMap<>();
        for (int t = 0; t < predictions.length; t++) {
            double e = predictions[t] - fold.testRatings()[t];
            double[] sum = byUser.computeIfAbsent(fold.testUsers()[t], u -> new double[2]);
            sum[0] += e * e;
            sum[1]++;
        }
        List<Double> out = new ArrayList<>();
        byUser.values().forEach(sum -> out.add(-sum[0] / sum[1]));
        return out;
    }

    /**
     * For choosing settings without reading a test rating: trains every model on the training part
     * of each of the first {@code folds} folds of {@code spec}'s path and returns only what the
     * model measured on the slice of that training part it held out ({@link
     * RatingPredictor#validationCurve}; for {@code rating-blend} its cross-fitted RMSE). The
     * folds' test ratings are read with the folds but never predicted.
     *
     * @param only the names of the folds to train on (e.g. {@code u2}), or null for all of them
     * @return per model spec, the held-out RMSE curve of each fold by fold name
     */
    public static List<Map<String, double[]>> heldOutCurves(
            DataSpec spec, List<ModelSpec> specs, int folds, Set<String> only, long seed, Consumer<String> log)
            throws IOException {
        for (ModelSpec s : specs) {
            Models.require(s.name());
        }
        List<RatingFolds.Fold> fs = RatingFolds.read(spec.path(), spec.format(), spec.load(), spec.prep(), folds, seed);
        List<Map<String, double[]>> out = new ArrayList<>();
        for (ModelSpec s : specs) {
            Map<String, double[]> curves = new LinkedHashMap<>();
            for (RatingFolds.Fold fold : fs) {
                if (only != null && !only.contains(fold.name())) {
                    continue;
                }
                long t0 = System.nanoTime();
                Recommender model = Models.require(s.name()).train(fold.train(), s.options(), seed);
                if (!(model instanceof RatingPredictor predictor)) {
                    throw new IllegalArgumentException("model '" + s.name() + "' does not predict ratings");
                }
                double[] curve = predictor.validationCurve();
                curves.put(fold.name(), curve);
                log.accept(String.format(
                        Locale.ROOT,
                        "%s %s: held-out rmse=%.4f (train %.1f s)",
                        s.text(),
                        fold.name(),
                        Arrays.stream(curve).min().orElse(Double.NaN),
                        (System.nanoTime() - t0) / 1e9));
            }
            out.add(curves);
        }
        return out;
    }

    /**
     * Predicts a fold's test ratings, user by user, each user's history being their training
     * ratings; each prediction is asked for at its test rating's time (only {@code rating-blend}
     * with {@code recent} reads it, and only the history before it).
     */
    static float[] predict(RatingPredictor model, RatingFolds.Fold fold) {
        TrainingData train = fold.train();
        int n = fold.size();
        float[] out = new float[n];
        // Group test ratings by user so per-user work (the implicit sum of SVD++) is done once.
        Map<Integer, List<Integer>> byUser = new LinkedHashMap<>();
        for (int t = 0; t < n; t++) {
            byUser.computeIfAbsent(fold.testUsers()[t], u -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<Integer, List<Integer>> e : byUser.entrySet()) {
            int u = e.getKey();
            List<Integer> idx = e.getValue();
            int[] history = u >= 0 ? train.sequences()[u] : new int[0];
            float[] ratings = u >= 0 ? train.ratings()[u] : new float[0];
            long[] historyTimes = u >= 0 ? train.timestamps()[u] : new long[0];
            int[] items = new int[idx.size()];
            long[] times = new long[idx.size()];
            for (int k = 0; k < items.length; k++) {
                items[k] = fold.testItems()[idx.get(k)];
                times[k] = fold.testTimes()[idx.get(k)];
            }
            float[] p = new float[items.length];
            model.predictAt(u, history, ratings, historyTimes, items, times, p);
            for (int k = 0; k < items.length; k++) {
                out[idx.get(k)] = p[k];
            }
        }
        return out;
    }

    /** The protocol section of the JSON report. */
    public static Map<String, Object> describe(List<RatingFolds.Fold> folds, boolean official, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "rating");
        m.put("folds", folds.stream().map(RatingFolds.Fold::name).toList());
        m.put("fold_source", official ? "official MovieLens-100K u1-u5 files" : "random k-fold split of the events");
        m.put("test_ratings", folds.stream().mapToInt(RatingFolds.Fold::size).sum());
        m.put("metrics", "rmse, mae: mean over folds of clipped predictions; rmse_<fold>, mae_<fold> per fold");
        m.put("users_field", "number of test ratings predicted");
        m.put("seed", seed);
        return m;
    }
}
