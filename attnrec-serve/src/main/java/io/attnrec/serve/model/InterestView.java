package io.attnrec.serve.model;

import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.multi.MultiInterest;
import io.attnrec.serve.model.ActiveModel.Interest;
import io.attnrec.serve.model.ActiveModel.Recommendation;
import io.attnrec.serve.retrieval.Ranked;
import io.attnrec.serve.retrieval.VectorMath;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/** A user's interests as the API shows them, for every kind of model. */
final class InterestView {

    private static final int MAX_MEMBERS = 20;

    private final ServedModel served;
    private final EmbeddingModel embedding;
    private final Retrieval retrieval;

    InterestView(ServedModel served, Retrieval retrieval) {
        this.served = served;
        this.embedding = served.model() instanceof EmbeddingModel e ? e : null;
        this.retrieval = retrieval;
    }

    /**
     * The user's interests. A model with several user vectors gives one interest per vector:
     * its top items by inner product, and the history items whose best-matching vector it is
     * (weight = that item's share of the history). Any other model gives one interest holding
     * the recommendations and the whole history (most recent first, equal weights).
     */
    List<Interest> interests(int user, int[] history, int k, BitSet excluded) {
        if (served.model() instanceof MultiInterest multi && history.length > 0) {
            return multiInterests(multi, user, history, k, excluded);
        }
        if (embedding == null || history.length == 0) {
            Recommendation r = retrieval.candidates(user, history, k, excluded);
            List<Explanation.Contribution> members = new ArrayList<>();
            BitSet seen = new BitSet();
            for (int p = history.length - 1; p >= 0 && members.size() < MAX_MEMBERS; p--) {
                if (!seen.get(history[p])) {
                    seen.set(history[p]);
                    members.add(new Explanation.Contribution(history[p], p, 0));
                }
            }
            List<Explanation.Contribution> weighted = members.stream()
                    .map(c -> new Explanation.Contribution(c.item(), c.position(), 1.0 / members.size()))
                    .toList();
            return List.of(new Interest(0, 1.0, r.ranked(), weighted));
        }
        float[][] vectors = embedding.userVectors(user, history);
        List<List<Explanation.Contribution>> members = new ArrayList<>();
        for (int v = 0; v < vectors.length; v++) {
            members.add(new ArrayList<>());
        }
        int counted = 0;
        for (int p = 0; p < history.length; p++) {
            int h = history[p];
            if (h <= 0 || h > served.numItems()) {
                continue;
            }
            float[] iv = embedding.itemVector(h);
            int best = ActiveModel.argmaxDot(vectors, iv);
            members.get(best).add(new Explanation.Contribution(h, p, VectorMath.dot(vectors[best], iv)));
            counted++;
        }
        List<Interest> out = new ArrayList<>();
        for (int v = 0; v < vectors.length; v++) {
            Ranked items = retrieval.nearest(vectors[v], k, excluded);
            List<Explanation.Contribution> m = members.get(v);
            double weight = counted == 0 ? 1.0 / vectors.length : m.size() / (double) counted;
            m.sort(Comparator.comparingDouble(Explanation.Contribution::weight).reversed());
            out.add(new Interest(v, weight, items, m.size() > MAX_MEMBERS ? m.subList(0, MAX_MEMBERS) : m));
        }
        return out;
    }

    /**
     * The interests of a multi-interest model (ComiRec, MIND) as the model itself reads them: each
     * interest's weights over the history (attention or routing coefficients) and the items it
     * alone scores highest. An interest's weight is the share of history items it weighs most.
     */
    private List<Interest> multiInterests(MultiInterest multi, int user, int[] history, int k, BitSet excluded) {
        // The model skips the history itself; ask for more so that other exclusions leave k.
        int extra = excluded == null ? 0 : Math.max(0, excluded.cardinality() - history.length);
        List<io.attnrec.core.multi.Interest> read = multi.explainInterests(user, history, k + extra);
        int[] owner = new int[history.length];
        double[] best = new double[history.length];
        java.util.Arrays.fill(owner, -1);
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (io.attnrec.core.multi.Interest in : read) {
            for (Explanation.Contribution c : in.history()) {
                int p = c.position();
                if (p >= 0 && p < history.length && c.weight() > best[p]) {
                    best[p] = c.weight();
                    owner[p] = in.index();
                }
            }
        }
        int counted = (int) java.util.Arrays.stream(owner).filter(o -> o >= 0).count();
        List<Interest> out = new ArrayList<>();
        for (io.attnrec.core.multi.Interest in : read) {
            int[] items = new int[Math.min(k, in.topItems().length)];
            float[] scores = new float[items.length];
            int n = 0;
            for (int x = 0; x < in.topItems().length && n < items.length; x++) {
                if (excluded == null || !excluded.get(in.topItems()[x])) {
                    items[n] = in.topItems()[x];
                    scores[n++] = in.topScores()[x];
                }
            }
            int index = in.index();
            long mine = java.util.Arrays.stream(owner).filter(o -> o == index).count();
            List<Explanation.Contribution> members = in.history();
            out.add(new Interest(
                    index,
                    counted == 0 ? 1.0 / read.size() : mine / (double) counted,
                    new Ranked(java.util.Arrays.copyOf(items, n), java.util.Arrays.copyOf(scores, n)),
                    members.size() > MAX_MEMBERS ? members.subList(0, MAX_MEMBERS) : members));
        }
        return out;
    }
}
