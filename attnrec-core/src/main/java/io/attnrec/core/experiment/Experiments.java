package io.attnrec.core.experiment;

import io.attnrec.core.data.DataLoaders;
import io.attnrec.core.data.RawData;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.eval.SignificanceTest;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.multi.InterestPurity;
import io.attnrec.core.multi.InterestPurityRunner;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.DatasetStats;
import io.attnrec.core.prep.Preparer;
import io.attnrec.core.report.ComparisonReport;
import io.attnrec.core.report.ModelResult;
import io.attnrec.core.split.HistoryMask;
import io.attnrec.core.split.Split;
import io.attnrec.core.split.Splitters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The pipeline behind {@code attnrec compare}, {@code train} and {@code demo}: data, split,
 * train, evaluate, report. Each step is a plain static method so benchmarks and tests can call
 * the same code the CLI runs.
 */
public final class Experiments {

    private Experiments() {}

    /**
     * Loads and prepares a data set. Skipped lines (lenient mode) are reported to {@code log}.
     */
    public static Dataset load(DataSpec spec, Consumer<String> log) throws IOException {
        RawData raw = DataLoaders.load(spec.path(), spec.format(), spec.load());
        if (raw.skippedLines() > 0) {
            log.accept("skipped " + raw.skippedLines() + " malformed line(s) in " + spec.path() + " (--lenient)");
        }
        return Preparer.prepare(raw, spec.prep());
    }

    /** Splits with the named protocol; seeded protocols use {@code seed}. */
    public static Split split(Dataset data, String protocol, long seed) {
        return split(data, protocol, seed, HistoryMask.HISTORY);
    }

    /** Splits with the named protocol and history mask; seeded protocols use {@code seed}. */
    public static Split split(Dataset data, String protocol, long seed, HistoryMask mask) {
        return Splitters.byName(protocol, seed, mask).split(data);
    }

    /** Trains one model on the split's training data. */
    public static TrainedModel train(Split split, ModelSpec spec, long seed) {
        long start = System.nanoTime();
        Recommender model = Models.require(spec.name()).train(split.train(), spec.options(), seed);
        return new TrainedModel(spec, model, (System.nanoTime() - start) / 1e9);
    }

    /** Evaluates a trained model on the split's test cases. */
    public static ModelResult test(Split split, TrainedModel trained, EvalConfig eval) {
        return modelResult(trained, new Evaluator(eval, split.train()).evaluate(trained.model(), split.test()));
    }

    private static ModelResult modelResult(TrainedModel trained, EvaluationResult r) {
        return new ModelResult(trained.spec().text(), r.metrics(), trained.trainSeconds(), r.seconds(), r.users());
    }

    /** Evaluates a trained model on the split's validation cases (for choosing models). */
    public static EvaluationResult validate(Split split, TrainedModel trained, EvalConfig eval) {
        return new Evaluator(eval, split.train()).evaluate(trained.model(), split.validation());
    }

    /**
     * Adds interest coverage and purity to a multi-interest model's metrics (planted truth only):
     * the test metrics probe the test users, the validation metrics (when present) the validation
     * users, so a setting can be chosen on validation alone.
     */
    static ModelResult withPurity(ModelResult result, TrainedModel trained, Dataset data, Split split, Path dataPath) {
        if (dataPath == null) {
            return result;
        }
        Optional<Map<String, Double>> test = purityMetrics(trained, data, split, dataPath, split.test());
        if (test.isEmpty()) {
            return result;
        }
        Map<String, Double> metrics = new LinkedHashMap<>(result.metrics());
        metrics.putAll(test.get());
        ModelResult out = new ModelResult(
                result.model(),
                metrics,
                result.trainSeconds(),
                result.evalSeconds(),
                result.users(),
                result.validation());
        if (result.validation() != null && !split.validation().isEmpty()) {
            Map<String, Double> val = new LinkedHashMap<>(result.validation());
            purityMetrics(trained, data, split, dataPath, split.validation()).ifPresent(val::putAll);
            out = out.withValidation(val);
        }
        return out;
    }

    /** Coverage (seen and plain), its ceiling and purity over the held-out users of {@code cases}. */
    private static Optional<Map<String, Double>> purityMetrics(
            TrainedModel trained, Dataset data, Split split, Path dataPath, List<EvalCase> cases) {
        Optional<InterestPurity.Result> purity;
        try {
            purity = InterestPurityRunner.run(trained.model(), data, split, dataPath, cases);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the planted truth beside " + dataPath + ": " + e.getMessage(), e);
        }
        return purity.map(p -> {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("interest_coverage_seen", p.coverageSeen());
            m.put("interest_purity", p.purity());
            m.put("interest_coverage", p.coverage());
            m.put("interest_coverage_ceiling", p.coverageCeiling());
            return m;
        });
    }

    /**
     * The split a saved model was trained on: the same protocol with the model's own seed.
     *
     * @param dataLabel how the data was named on the command line, for the error message
     * @throws IllegalArgumentException when the training part differs from the model's (other data,
     *     protocol or preparation)
     */
    public static Split splitOf(LoadedModel loaded, Dataset data, String protocol, String dataLabel) {
        Split split = split(data, protocol, loaded.info().seed());
        requireTrainedOn(loaded, split, dataLabel);
        return split;
    }

    /**
     * Fails unless {@code split}'s training part is the data {@code loaded} was trained on (same
     * fingerprint): evaluating on another split would read test cases the model has seen.
     *
     * @param dataLabel how the data was named, for the error message
     */
    static void requireTrainedOn(LoadedModel loaded, Split split, String dataLabel) {
        if (!ModelArtifact.fingerprint(split.train()).equals(loaded.info().dataFingerprint())) {
            throw new IllegalArgumentException("the model was trained on other data than " + dataLabel
                    + " with protocol " + split.protocol()
                    + " (data fingerprint differs); use the same data, protocol and preparation options");
        }
    }

    /** The report of {@code attnrec evaluate}: one saved model's test metrics on its split. */
    public static ComparisonReport savedModelReport(
            Dataset data, Split split, LoadedModel loaded, EvaluationResult result) {
        // the saved model's seed; evaluate's report has never listed the ranking and test users
        return new ComparisonReport(
                describe(data),
                protocolSection(split, Optional.empty(), loaded.info().seed()),
                List.of(new ModelResult(
                        loaded.info().model(),
                        result.metrics(),
                        loaded.info().trainSeconds(),
                        result.seconds(),
                        result.users())));
    }

    /** Dataset description for the JSON report: counts plus statistics. */
    public static Map<String, Object> describe(Dataset data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", data.name());
        m.putAll(DatasetStats.of(data).toMap());
        return m;
    }

    /** Trains and tests every model in turn; progress goes to {@code log}. */
    public static ComparisonReport compare(
            Dataset data, Split split, List<ModelSpec> specs, EvalConfig eval, long seed, Consumer<String> log) {
        return compare(data, null, split, specs, eval, seed, log);
    }

    /**
     * As {@link #compare(Dataset, Split, List, EvalConfig, long, Consumer)}; when {@code dataPath}
     * has planted truth beside it (a synthetic world), multi-interest models also get {@code
     * interest_purity} and {@code interest_coverage} among their metrics.
     *
     * @param dataPath where the data was loaded from, or {@code null}
     */
    public static ComparisonReport compare(
            Dataset data,
            Path dataPath,
            Split split,
            List<ModelSpec> specs,
            EvalConfig eval,
            long seed,
            Consumer<String> log) {
        // Fail on a misspelt model name before spending minutes on the first one.
        specs.forEach(s -> Models.require(s.name()));
        List<ModelResult> results = new ArrayList<>();
        // the smallest cut-off asked for (10 unless --k says otherwise): progress line and tests
        int k = java.util.Arrays.stream(eval.ks()).min().orElse(10);
        // paired tests on NDCG@10, the headline metric, when it is asked for
        String paired = "ndcg@" + (java.util.Arrays.stream(eval.ks()).anyMatch(x -> x == 10) ? 10 : k);
        double[] firstPerUser = null;
        for (ModelSpec spec : specs) {
            log.accept("training " + spec.text() + " ...");
            TrainedModel trained = train(split, spec, seed);
            EvaluationResult r = new Evaluator(eval, split.train()).evaluate(trained.model(), split.test());
            ModelResult result = modelResult(trained, r);
            double[] perUser = r.perUser().get(paired);
            if (firstPerUser == null) {
                firstPerUser = perUser;
            } else if (perUser != null && perUser.length == firstPerUser.length && perUser.length >= 2) {
                // every claim "better than the first model" needs its paired test across users
                result = withPairedTest(
                        result, paired, perUser, firstPerUser, specs.get(0).text(), log);
            }
            if (!split.validation().isEmpty()) {
                // the validation cases' metrics sit beside the test's, so settings can be chosen
                // from the same report without reading the test column
                result = result.withValidation(validate(split, trained, eval).metrics());
            }
            result = withPurity(result, trained, data, split, dataPath);
            log.accept(String.format(
                    java.util.Locale.ROOT,
                    "%s: ndcg@%d=%.4f hr@%d=%.4f (train %.1f s, eval %.1f s)",
                    spec.text(),
                    k,
                    result.metrics().getOrDefault("ndcg@" + k, Double.NaN),
                    k,
                    result.metrics().getOrDefault("hr@" + k, Double.NaN),
                    result.trainSeconds(),
                    result.evalSeconds()));
            results.add(result);
        }
        return new ComparisonReport(describe(data), protocolSection(split, eval, seed), results);
    }

    /**
     * Adds the paired t-test and Wilcoxon test of {@code metric} per test user against the first
     * model of the comparison: {@code <metric>_diff_vs_first} (mean difference, positive = this
     * model is better), {@code <metric>_t_p_vs_first} and {@code <metric>_wilcoxon_p_vs_first}
     * (two-sided p-values). They go to the JSON report and the log, not to the table.
     */
    public static ModelResult withPairedTest(
            ModelResult result, String metric, double[] mine, double[] first, String firstName, Consumer<String> log) {
        SignificanceTest.PairedResult t = SignificanceTest.paired(mine, first);
        Map<String, Double> metrics = new LinkedHashMap<>(result.metrics());
        metrics.put(metric + "_diff_vs_first", t.meanDifference());
        metrics.put(metric + "_t_p_vs_first", t.pValue());
        metrics.put(metric + "_wilcoxon_p_vs_first", t.wilcoxonP());
        log.accept(String.format(
                java.util.Locale.ROOT,
                "%s vs %s: %s difference %+.4f over %d users, paired t-test p=%.3g, Wilcoxon p=%.3g",
                result.model(),
                firstName,
                metric,
                t.meanDifference(),
                t.n(),
                t.pValue(),
                t.wilcoxonP()));
        return new ModelResult(
                result.model(),
                metrics,
                result.trainSeconds(),
                result.evalSeconds(),
                result.users(),
                result.validation());
    }

    /** The {@code protocol} section of a report: the split's name and settings, ranking, seed. */
    static Map<String, Object> protocolSection(Split split, EvalConfig eval, long seed) {
        return protocolSection(split, Optional.of(eval), seed);
    }

    /** As {@link #protocolSection(Split, EvalConfig, long)}; without {@code eval}, no ranking and test users. */
    private static Map<String, Object> protocolSection(Split split, Optional<EvalConfig> eval, long seed) {
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("name", split.protocol());
        protocol.putAll(split.settings());
        eval.ifPresent(e -> {
            protocol.put("ranking", e.sampledNegatives() == 0 ? "full" : e.sampledNegatives() + " sampled negatives");
            protocol.put("test_users", split.test().size());
        });
        protocol.put("seed", seed);
        return protocol;
    }
}
