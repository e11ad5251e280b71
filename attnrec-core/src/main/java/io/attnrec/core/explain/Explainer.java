package io.attnrec.core.explain;

import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.multi.Interest;
import io.attnrec.core.multi.MultiInterest;
import java.util.ArrayList;
import java.util.List;

/**
 * Explanations of a recommendation list for any {@link Recommender} (issue 19): each explained item
 * gets its own {@link DeletionAttribution} as the primary view ({@link Explanation#DELETION}), and
 * where the model has weights of its own they are kept as the second view ({@link
 * Explanation#attention()}).
 *
 * <ul>
 *   <li>A multi-interest model ({@link MultiInterest}) also says which interest produced each item
 *       (the interest whose vector scores it highest, as the model's score does) and gives that
 *       interest's history weights as the attention view; this costs one {@link
 *       MultiInterest#explainInterests} call for the whole list.
 *   <li>Another {@link Explainable} model gives its {@link Explainable#explain} per item as the
 *       attention view, when {@code attentionView} is asked for (one call per item, so the server
 *       leaves it out; the command line shows it).
 * </ul>
 *
 * The returned list has one explanation per asked item, in order; items beyond {@link
 * DeletionAttribution.Config#maxItems()} get an empty one with method {@link Explanation#NONE}.
 */
public final class Explainer {

    private Explainer() {}

    /**
     * Explains {@code items} (recommended for this user and history).
     *
     * @param attentionView also ask an {@link Explainable} single-vector model for its own view,
     *     one call per explained item
     */
    public static List<Explanation> explain(
            Recommender model,
            int user,
            int[] history,
            int[] items,
            DeletionAttribution.Config config,
            boolean attentionView) {
        DeletionAttribution.Result r = DeletionAttribution.attribute(model, user, history, items, config);
        int numExplained = r.items().length;
        int[] interestOf = new int[numExplained];
        List<List<Explanation.Contribution>> views = new ArrayList<>(numExplained);
        java.util.Arrays.fill(interestOf, -1);
        if (history.length > 0 && model instanceof MultiInterest mi) {
            List<Interest> interests = mi.explainInterests(user, history, 0);
            float[][] table = model instanceof EmbeddingModel ? null : mi.itemTable();
            for (int j = 0; j < numExplained; j++) {
                int item = r.items()[j];
                float[] v = table != null ? table[item] : ((EmbeddingModel) model).itemVector(item);
                int best = bestInterest(interests, v);
                interestOf[j] = best < 0 ? -1 : interests.get(best).index();
                views.add(best < 0 ? List.of() : interests.get(best).history());
            }
        } else if (history.length > 0 && attentionView && model instanceof Explainable ex) {
            for (int j = 0; j < numExplained; j++) {
                Explanation own = ex.explain(user, history, r.items()[j]);
                interestOf[j] = own.interest();
                views.add(own.contributions());
            }
        } else {
            for (int j = 0; j < numExplained; j++) {
                views.add(List.of());
            }
        }
        List<Explanation> out = new ArrayList<>(items.length);
        for (int j = 0; j < items.length; j++) {
            if (j < numExplained) {
                out.add(new Explanation(
                        items[j], interestOf[j], r.contributions(j), Explanation.DELETION, views.get(j)));
            } else {
                out.add(new Explanation(items[j], -1, List.of(), Explanation.NONE, List.of()));
            }
        }
        return out;
    }

    /** The interest whose vector has the largest dot product with {@code itemVector}; -1 if none. */
    private static int bestInterest(List<Interest> interests, float[] itemVector) {
        int best = -1;
        double bestDot = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < interests.size(); k++) {
            float[] u = interests.get(k).vector();
            double dot = 0;
            for (int d = 0; d < u.length; d++) {
                dot += (double) u[d] * itemVector[d];
            }
            if (dot > bestDot) {
                bestDot = dot;
                best = k;
            }
        }
        return best;
    }
}
