package io.attnrec.nn.comirec;

import io.attnrec.nn.multi.MultiInterestContract;
import java.util.Map;

/**
 * The whole multi-interest contract again with ComiRec-DR and an order-aware interest ({@code
 * context=1, context_mode=interest}: a causal self-attention block's newest output is interest K +
 * 1): it learns, scores as the max over its interests, saves and loads to identical scores, and
 * padding never changes a score.
 */
class ComiRecDrContextTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "comirec-dr";
    }

    @Override
    protected Map<String, String> extraOptions() {
        return Map.of("context", "1", "context_mode", "interest");
    }
}
