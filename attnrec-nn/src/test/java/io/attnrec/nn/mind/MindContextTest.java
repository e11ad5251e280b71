package io.attnrec.nn.mind;

import io.attnrec.nn.multi.MultiInterestContract;
import java.util.Map;

/**
 * The whole multi-interest contract again with MIND reading order-aware inputs and an order-aware
 * interest ({@code context=1, context_mode=both}): it learns, scores as the max over its interests,
 * saves and loads to identical scores, and padding never changes a score.
 */
class MindContextTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "mind";
    }

    @Override
    protected Map<String, String> extraOptions() {
        return Map.of("context", "1", "context_mode", "both");
    }
}
