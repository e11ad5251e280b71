package io.attnrec.core.experiment;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.report.ComparisonReport;
import io.attnrec.core.report.ModelResult;
import io.attnrec.core.split.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the commands do, as plain methods: train a model and save it, evaluate a saved model,
 * compare models and keep the one validation prefers. The CLI parses flags, calls one of these
 * and prints; benchmarks and a Java team embedding attnrec call the same code.
 */
public final class UseCases {

    private UseCases() {}

    /**
     * A model trained and saved.
     *
     * @param trained the model (still open: the caller closes it)
     * @param validation its metrics on the split's validation cases, saved in the manifest
     */
    public record Saved(TrainedModel trained, EvaluationResult validation) {}

    /**
     * Trains {@code spec} on the split and saves it to {@code out} with its provenance: the data
     * set's specification ({@code dataSpec}, so that {@code evaluate} can load it again) and the
     * split's protocol.
     */
    public static Saved trainAndSave(
            Dataset data,
            Split split,
            ModelSpec spec,
            long seed,
            EvalConfig eval,
            Map<String, String> dataSpec,
            Path out)
            throws IOException {
        TrainedModel trained = Experiments.train(split, spec, seed);
        EvaluationResult val = new Evaluator(eval, split.train()).evaluate(trained.model(), split.validation());
        ArtifactInfo info = new ArtifactInfo(
                spec.name(),
                spec.options().asMap(),
                seed,
                data.name(),
                ModelArtifact.fingerprint(split.train()),
                val.metrics(),
                trained.trainSeconds(),
                dataSpec,
                protocolOf(split));
        ModelArtifact.save(out, trained.model(), info, split.train(), data.users());
        return new Saved(trained, val);
    }

    /**
     * Test metrics of a saved model on {@code split}, which must be the split it was trained on
     * (checked by the training data's fingerprint).
     *
     * @throws IllegalArgumentException when the split's training data differs from the model's
     */
    public static ComparisonReport evaluateSaved(LoadedModel loaded, Dataset data, Split split, EvalConfig eval) {
        Experiments.requireTrainedOn(loaded, split, data.name());
        EvaluationResult r = new Evaluator(eval, split.train()).evaluate(loaded.model(), split.test());
        // the same report as `attnrec spark evaluate` writes
        return Experiments.savedModelReport(data, split, loaded, r);
    }

    /**
     * A comparison and the model that validation prefers.
     *
     * @param best the model with the highest validation {@code metric} (open: the caller closes
     *     it; the others are closed)
     * @param bestValidation its validation figure
     */
    public record Choice(ComparisonReport report, TrainedModel best, double bestValidation) {}

    /**
     * Trains and tests every model, keeping the one with the best validation {@code metric}
     * (never the test figures).
     */
    public static Choice compareAndChoose(
            Dataset data,
            Split split,
            List<ModelSpec> specs,
            EvalConfig eval,
            long seed,
            String metric,
            Consumer<String> log) {
        List<ModelResult> results = new ArrayList<>();
        TrainedModel best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (ModelSpec spec : specs) {
            log.accept("training " + spec.text() + " ...");
            TrainedModel trained = Experiments.train(split, spec, seed);
            results.add(Experiments.test(split, trained, eval));
            double value = Experiments.validate(split, trained, eval).metric(metric);
            if (value > bestValue) {
                close(best);
                best = trained;
                bestValue = value;
            } else {
                close(trained);
            }
        }
        ComparisonReport report = new ComparisonReport(
                Experiments.describe(data), Experiments.protocolSection(split, eval, seed), results);
        return new Choice(report, best, bestValue);
    }

    /** The split's protocol as a model's manifest records it: its name and settings as text. */
    public static Map<String, String> protocolOf(Split split) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", split.protocol());
        split.settings().forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
    }

    private static void close(TrainedModel trained) {
        if (trained != null && trained.model() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(
                        "could not free " + trained.spec().text() + ": " + e.getMessage(), e);
            }
        }
    }
}
