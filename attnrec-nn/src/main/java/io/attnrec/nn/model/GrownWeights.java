package io.attnrec.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.attnrec.nn.Djl;
import java.util.Objects;

/**
 * The weight copy of a warm start (issue 16): a network grown from a parent of the same family
 * and shape receives every parameter of the parent, its item table's rows included (ids are
 * append-only, so row {@code i} is the same item in both).
 */
public final class GrownWeights {

    private GrownWeights() {}

    /**
     * Copies the parent's parameters into the grown network, by name and in order (both were built
     * by one family from options of the same shape). With {@code zeroNewIdRows} (content features
     * on) the new items' ID rows are zero, so their rows start as their content projection.
     */
    public static void copy(Block from, Block to, int parentItems, boolean zeroNewIdRows) {
        PairList<String, Parameter> source = from.getParameters();
        PairList<String, Parameter> target = to.getParameters();
        if (source.size() != target.size()) {
            throw new IllegalArgumentException("the options change the network (" + source.size() + " parameters in the"
                    + " parent, " + target.size() + " now); a warm start keeps the parent's network");
        }
        Djl.noGrad();
        for (int i = 0; i < source.size(); i++) {
            Pair<String, Parameter> s = source.get(i);
            Pair<String, Parameter> t = target.get(i);
            NDArray sa = s.getValue().getArray();
            NDArray ta = t.getValue().getArray();
            boolean itemTable = i == 0; // ItemTableBlock: the item embedding is the first parameter
            if (!Objects.equals(s.getKey(), t.getKey())
                    || (!itemTable && !sa.getShape().equals(ta.getShape()))
                    || (itemTable && sa.getShape().get(1) != ta.getShape().get(1))) {
                throw new IllegalArgumentException("the options change parameter '" + t.getKey() + "' ("
                        + sa.getShape() + " in the parent, " + ta.getShape() + " now); a warm start keeps the"
                        + " parent's network");
            }
            if (itemTable) {
                // rows 0..parentItems are the parent's items (append-only ids); spare rows of the
                // parent are not copied: they were never trained
                NDIndex kept = new NDIndex("0:" + (parentItems + 1));
                ta.set(kept, sa.get(kept));
                if (zeroNewIdRows && ta.getShape().get(0) > parentItems + 1) {
                    ta.set(new NDIndex((parentItems + 1) + ":"), 0f);
                }
            } else {
                ta.set(new NDIndex(":"), sa);
            }
        }
    }

    /** Positions on each side of a new item whose known items start its row. */
    static final int NEIGHBOURS = 2;

    /**
     * Starts each new item's row (ids above {@code parentItems}) at the mean of the rows of the
     * known items within {@link #NEIGHBOURS} positions of it in {@code sequences}: items read next
     * to each other have near rows in a trained table (they predict each other), so the new item
     * starts where its company is, and its first scores are those of its neighbours rather than
     * noise; the fine-tuning then moves it. A new item with no known neighbour keeps its row.
     */
    public static void fromNeighbours(Block to, int parentItems, int items, int[][] sequences) {
        if (items <= parentItems) {
            return;
        }
        NDArray table = to.getParameters().get(0).getValue().getArray();
        int dim = (int) table.getShape().get(1);
        float[] known = table.get(new NDIndex("0:" + (parentItems + 1))).toFloatArray();
        double[][] sum = new double[items - parentItems][];
        int[] count = new int[items - parentItems];
        for (int[] seq : sequences) {
            for (int k = 0; k < seq.length; k++) {
                int item = seq[k];
                if (item <= parentItems) {
                    continue;
                }
                int n = item - parentItems - 1;
                for (int j = Math.max(0, k - NEIGHBOURS); j <= Math.min(seq.length - 1, k + NEIGHBOURS); j++) {
                    int other = seq[j];
                    if (other < 1 || other > parentItems) {
                        continue;
                    }
                    if (sum[n] == null) {
                        sum[n] = new double[dim];
                    }
                    for (int d = 0; d < dim; d++) {
                        sum[n][d] += known[other * dim + d];
                    }
                    count[n]++;
                }
            }
        }
        Djl.noGrad();
        for (int n = 0; n < sum.length; n++) {
            if (count[n] == 0) {
                continue;
            }
            float[] row = new float[dim];
            for (int d = 0; d < dim; d++) {
                row[d] = (float) (sum[n][d] / count[n]);
            }
            int item = parentItems + 1 + n;
            table.set(
                    new NDIndex(item + ":" + (item + 1)),
                    table.getManager().create(row).reshape(1, dim));
        }
    }
}
