package io.attnrec.nn.seq;

import ai.djl.ndarray.NDManager;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.nn.content.ItemContent;
import java.util.Map;

/**
 * A {@link SequenceRecommender} whose network returns attention weights ({@link
 * SequenceNetwork#attends()}): it explains a recommendation by the newest position's attention
 * over the history in the last layer, averaged over heads.
 *
 * @param <C> the family's config record
 */
public final class AttentiveSequenceRecommender<C> extends SequenceRecommender<C> implements Explainable {

    AttentiveSequenceRecommender(
            String name,
            NDManager manager,
            SequenceNetwork network,
            C config,
            Map<String, String> options,
            ItemContent content) {
        super(name, manager, network, config, options, content);
    }

    @Override
    public Explanation explain(int user, int[] history, int item) {
        return explainByAttention(history, item);
    }
}
