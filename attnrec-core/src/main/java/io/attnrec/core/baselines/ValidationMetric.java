package io.attnrec.core.baselines;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.function.ToDoubleFunction;

/** The score that baselines tune on: NDCG@10 over {@link TrainingData#validation()}. */
public final class ValidationMetric {

    /** The metric key used for tuning and early stopping. */
    public static final String KEY = "ndcg@10";

    private ValidationMetric() {}

    /**
     * NDCG@10 of a model on the validation cases, by the project's evaluator (full ranking, the
     * user's known items excluded). Never reads the test cases.
     */
    public static ToDoubleFunction<Recommender> ndcgAt10(TrainingData data) {
        Evaluator evaluator = new Evaluator(EvalConfig.defaults().withKs(10), data);
        return model -> evaluator.evaluate(model, data.validation()).metric(KEY);
    }
}
