package io.attnrec.core.eval;

import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.List;

/**
 * Full-ranking evaluator (SPEC section 4). Ranks once per user and feeds every metric.
 *
 * <p>TODO(eval helper): implementation.
 */
public final class Evaluator {

    private final EvalConfig config;
    private final TrainingData train;

    /**
     * @param train the training data: item popularity (novelty, ARP, Gini) and item features
     *     (intra-list diversity) come from it
     */
    public Evaluator(EvalConfig config, TrainingData train) {
        this.config = config;
        this.train = train;
    }

    public EvaluationResult evaluate(Recommender model, List<EvalCase> cases) {
        throw new UnsupportedOperationException("not yet implemented: " + config + train + model + cases);
    }
}
