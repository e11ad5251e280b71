package io.attnrec.nn.mind;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import io.attnrec.nn.multi.AggregationConfig;
import io.attnrec.nn.multi.MultiInterestConfig;
import io.attnrec.nn.multi.MultiTrainConfig;
import io.attnrec.nn.multi.OrderOptions;
import java.util.Map;

/**
 * MIND settings: the shared keys of {@link MultiInterestConfig} and
 *
 * @param common window, size, interests (the maximum K), training and retrieval
 * @param iterations {@code iterations}: behaviour-to-interest routing iterations, >= 1 (3)
 * @param pow {@code pow}: label-aware attention's power p, 0 (uniform) or >= 1; larger is closer
 *     to choosing the single closest interest
 * @param dynamic {@code dynamic}: dynamic interest number {@code K'_u = max(1, min(K,
 *     floor(log2 |history|)))}; false = always K
 * @param relu {@code relu}: the per-interest ReLU layer after routing (MIND's paper, and
 *     ComiRec's {@code relu_layer}, which ComiRec's code uses on Amazon Books only); false (the
 *     default) reads the routed capsules directly: a ReLU output points into the positive orthant
 *     only, and dropping it raised validation Recall@50 on both planted worlds measured (see
 *     bench/RESULTS.md, issue 4, session 5)
 * @param order {@code context}, {@code context_dropout}: order-aware inputs ({@link OrderOptions}):
 *     causal self-attention blocks over the history before the interest extraction
 * @param interestScale {@code interest_scale}: factor on the interests, > 0 (1 = as published). A
 *     squashed capsule has norm below 1, so its dot product with an item (the training softmax's
 *     logit, and the label-aware attention's input) cannot exceed the item vector's norm; the
 *     factor lifts that bound. Ranking (the largest dot product over one user's interests) is
 *     unchanged by a factor common to every interest, so it acts in training only
 * @param positionGain {@code position_gain}: a learned gain per history position and dimension,
 *     {@code (maxLen, D)} starting at 1, on the shared map's output ({@code ê_t = g_t ⊙ S e_t}),
 *     so that routing can tell a recent item from an old one while the map stays shared by the
 *     interests. ComiRec-DR's one map per position is what separates it from MIND on a world with
 *     successor structure (issue 19, session 18); this is the cheapest position dependence of the
 *     map itself. On by default (see {@link #defaults}); false = as published
 * @param interestGain {@code interest_gain}: one gain table per interest, {@code (K, maxLen, D)},
 *     instead of one shared by the interests (the diagonal of ComiRec-DR's map per interest and
 *     position, on top of MIND's shared map); nothing without {@code position_gain}. On by default
 * @param learnRouting {@code learn_routing}: the initial routing logits {@code (K, maxLen)} are
 *     trained instead of fixed at their seeded random draw (the paper's random initialisation,
 *     which this implementation keeps fixed when the option is off). On by default
 */
record MindConfig(
        MultiInterestConfig common,
        int iterations,
        double pow,
        boolean dynamic,
        boolean relu,
        OrderOptions order,
        double interestScale,
        boolean positionGain,
        boolean interestGain,
        boolean learnRouting) {

    public MindConfig {
        if (common == null) {
            throw new IllegalArgumentException("shared settings are required");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1");
        }
        if (!(pow == 0 || pow >= 1) || Double.isInfinite(pow)) {
            throw new IllegalArgumentException("pow must be 0 or a number >= 1");
        }
        if (order == null) {
            throw new IllegalArgumentException("order settings are required");
        }
        if (!(interestScale > 0) || Double.isInfinite(interestScale)) {
            throw new IllegalArgumentException("interest_scale must be a number > 0");
        }
    }

    /** Order-aware inputs by default (see {@link #order}). */
    static final OrderOptions ORDER = OrderOptions.defaults();

    /**
     * Trained on the ranking scores, ComiRec-DR's objective ({@code objective=merged}: a softmax over
     * every item of the merged score), and ranked by the mixture merge ({@code merge=mixture}: the
     * mean over the interests of each one's softmax), with the position gains below: validation
     * Recall@50 on the default planted world 0.7764 -> 0.7863 over three seeds (higher at two),
     * Amazon Beauty 0.1363 -> 0.1436 and Video Games 0.1803 -> 0.1864 (three passes;
     * bench/RESULTS.md, issue 19, session 20), at 8-16x the time per pass (a softmax over every
     * item per interest; {@code objective=readout:merge=max} is the fast setting). Models saved
     * before keep theirs: {@code objective} and {@code merge} are always saved since format 5.
     */
    static final MultiInterestConfig COMMON = MultiInterestConfig.defaults()
            .withDropout(0.3)
            .withTrain(MultiTrainConfig.defaults().withObjective(MultiTrainConfig.Objective.MERGED))
            .withRetrieval(MultiInterestConfig.defaults().retrieval().withMerge(AggregationConfig.Merge.MIXTURE));

    /**
     * Dropout 0.3 on the history's embeddings by default (validation Recall@50 on the default
     * planted world 0.763 -> 0.769, and chosen on validation in issue 4's worlds; bench/RESULTS.md,
     * issue 19). Models saved before keep theirs: {@code dropout} is always saved. No factor on
     * the interests ({@code interest_scale} 1): 4 lowered validation Recall@50 by 0.021 (issue 19,
     * session 11: the squash's bound on the logits regularises); models saved before the key
     * existed load with 1, as they were trained. A learned gain per history position on the shared
     * map ({@code position_gain=true}): validation Recall@50 on the default planted world 0.7516
     * -> 0.7764 over three seeds (higher at each, paired p = 0.003), and not lower on the real
     * sets' validation users (Amazon Beauty 0.1351 -> 0.1363, Video Games 0.1795 -> 0.1803, three
     * passes; bench/RESULTS.md, issue 19, session 20). Models saved before the key existed load
     * without the gains (format 6's migration), as they were trained. A gain table per interest
     * with trained routing logits ({@code interest_gain=true:learn_routing=true}): validation
     * Recall@50 on the default planted world 0.7964 -> 0.8031 over five seeds (higher at four),
     * 0.8311 -> 0.8424 on a second world (three seeds), and on Amazon Beauty's validation users
     * 0.1558 -> 0.1587 at ten passes (lower at three passes, 0.1436 -> 0.1398: the trained
     * logits start slower), Video Games 0.1864 -> 0.1857 at three (bench/RESULTS.md, issue 19,
     * sessions 21-22). Models saved before format 7 load with both off (its migration), as they
     * were trained.
     */
    public static MindConfig defaults() {
        return new MindConfig(COMMON, 3, 2.0, true, false, ORDER, 1.0, true, true, true);
    }

    /** Parses {@code options}; unknown keys are an error. */
    public static MindConfig parse(ModelOptions options) {
        return RecordOptions.parseAll(MindConfig.class, defaults(), options);
    }

    public Map<String, String> toOptions() {
        return RecordOptions.toOptions(this);
    }
}
