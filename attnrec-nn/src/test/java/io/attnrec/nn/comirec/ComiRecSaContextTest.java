package io.attnrec.nn.comirec;

import io.attnrec.nn.multi.MultiInterestContract;
import java.util.Map;

/**
 * The whole multi-interest contract again with ComiRec-SA reading order-aware inputs ({@code
 * context=1, context_mode=input}: the attention heads read and pool a causal self-attention
 * block's outputs): it learns, scores as the max over its interests, saves and loads to identical
 * scores, and padding never changes a score. (The default, {@code context_mode=interest}, runs in
 * {@code ComiRecSaTest}.)
 */
class ComiRecSaContextTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "comirec-sa";
    }

    @Override
    protected Map<String, String> extraOptions() {
        // SASRec's 0.5 is too much for this small world's 25 epochs
        return Map.of("context", "1", "context_mode", "input", "context_dropout", "0.1");
    }
}
