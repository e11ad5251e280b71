package io.attnrec.nn.comirec;

import io.attnrec.nn.multi.MultiInterestContract;
import java.util.Map;

/**
 * The whole multi-interest contract again with ComiRec-DR reading order-aware inputs ({@code
 * context=1}: a causal self-attention block before the interest extraction): it learns, scores
 * as the max over its interests, saves and loads to identical scores, and padding never changes a
 * score.
 */
class ComiRecDrContextTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "comirec-dr";
    }

    @Override
    protected Map<String, String> extraOptions() {
        return Map.of("context", "1");
    }
}
