package io.attnrec.nn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.attnrec.core.model.NewItemInit;
import io.attnrec.nn.Djl;
import java.util.Arrays;
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
     * Starts each new item's row (ids above {@code parentItems}) by {@code rule}: {@link
     * NewItemInit#NEIGHBOURS} is {@link #fromNeighbours} on {@code context}; the other rules take
     * their contexts and the event counts from {@code all} (every user's sequence: the fine-tuning
     * data may hold a sample of the users only) and set the row's length as {@link #rareNorms}
     * says. A new item with no known item near it keeps its fresh initialisation under every rule.
     *
     * @return how many new rows were set from a context
     */
    public static int initNewRows(
            Block to, int parentItems, int items, int[][] context, int[][] all, NewItemInit rule) {
        if (items <= parentItems) {
            return 0;
        }
        if (rule == NewItemInit.NEIGHBOURS) {
            return fromNeighbours(to, parentItems, items, context);
        }
        NDArray table = to.getParameters().get(0).getValue().getArray();
        int dim = (int) table.getShape().get(1);
        float[] known = table.get(new NDIndex("0:" + (parentItems + 1))).toFloatArray();
        boolean before = rule == NewItemInit.PRECEDING_RARE;
        double[][] sum = contextSums(known, dim, parentItems, items, all, -NEIGHBOURS, before ? -1 : NEIGHBOURS);
        if (before) {
            // an item whose known company all follows it (first in every sequence it is in): the items after it
            double[][] after = contextSums(known, dim, parentItems, items, all, 1, NEIGHBOURS);
            for (int n = 0; n < sum.length; n++) {
                if (sum[n] == null) {
                    sum[n] = after[n];
                }
            }
        }
        int[] counts = counts(all, items);
        float[] target = rareNorms(known, dim, parentItems, items, counts);
        Djl.noGrad();
        int set = 0;
        for (int n = 0; n < sum.length; n++) {
            if (sum[n] == null) {
                continue;
            }
            int count = (int) sum[n][dim]; // contexts summed
            float[] row = new float[dim];
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                row[d] = (float) (sum[n][d] / count);
                norm += (double) row[d] * row[d];
            }
            norm = Math.sqrt(norm);
            int item = parentItems + 1 + n;
            if (norm > 0) {
                float f = (float) (target[item] / norm);
                for (int d = 0; d < dim; d++) {
                    row[d] *= f;
                }
            }
            table.set(
                    new NDIndex(item + ":" + (item + 1)),
                    table.getManager().create(row).reshape(1, dim));
            set++;
        }
        return set;
    }

    /**
     * Per new item (index {@code item - parentItems - 1}), the sum of the known rows at offsets
     * {@code [from, to]} from each of its occurrences, with the number of rows summed in the last
     * slot; null where there is none.
     */
    private static double[][] contextSums(
            float[] known, int dim, int parentItems, int items, int[][] sequences, int from, int to) {
        double[][] sum = new double[items - parentItems][];
        for (int[] seq : sequences) {
            for (int k = 0; k < seq.length; k++) {
                int item = seq[k];
                if (item <= parentItems) {
                    continue;
                }
                int n = item - parentItems - 1;
                for (int j = Math.max(0, k + from); j <= Math.min(seq.length - 1, k + to); j++) {
                    int other = seq[j];
                    if (j == k || other < 1 || other > parentItems) {
                        continue;
                    }
                    if (sum[n] == null) {
                        sum[n] = new double[dim + 1];
                    }
                    for (int d = 0; d < dim; d++) {
                        sum[n][d] += known[other * dim + d];
                    }
                    sum[n][dim]++;
                }
            }
        }
        return sum;
    }

    /** Events of each item {@code 0..items} in {@code sequences}. */
    static int[] counts(int[][] sequences, int items) {
        int[] c = new int[items + 1];
        for (int[] seq : sequences) {
            for (int i : seq) {
                if (i >= 1 && i <= items) {
                    c[i]++;
                }
            }
        }
        return c;
    }

    /**
     * For each new item ({@code parentItems < i <= items}), the length its row starts with: the
     * median row length of the known items with at most as many events as it has ({@code counts}),
     * or of the rarest known items when none has so few. Known items never seen in {@code counts}
     * are left out (their rows are the parent's untrained spare or an item whose events all left).
     * Index {@code i} of the result; the known items' slots are 0.
     */
    static float[] rareNorms(float[] known, int dim, int parentItems, int items, int[] counts) {
        int seen = 0;
        for (int i = 1; i <= parentItems; i++) {
            if (counts[i] > 0) {
                seen++;
            }
        }
        float[] out = new float[items + 1];
        if (seen == 0) {
            return out;
        }
        // the known items by event count, with their row lengths
        long[] order = new long[seen];
        float[] length = new float[parentItems + 1];
        int k = 0;
        for (int i = 1; i <= parentItems; i++) {
            if (counts[i] > 0) {
                double s = 0;
                for (int d = 0; d < dim; d++) {
                    s += (double) known[i * dim + d] * known[i * dim + d];
                }
                length[i] = (float) Math.sqrt(s);
                order[k++] = ((long) counts[i] << 32) | i;
            }
        }
        Arrays.sort(order);
        int lowest = (int) (order[0] >>> 32);
        java.util.Map<Integer, Float> byCount = new java.util.HashMap<>();
        for (int i = parentItems + 1; i <= items; i++) {
            int c = Math.max(counts[i], lowest);
            out[i] = byCount.computeIfAbsent(c, x -> {
                int n = 0;
                while (n < order.length && (order[n] >>> 32) <= x) {
                    n++;
                }
                float[] ls = new float[n];
                for (int j = 0; j < n; j++) {
                    ls[j] = length[(int) order[j]];
                }
                Arrays.sort(ls);
                return n % 2 == 1 ? ls[n / 2] : (ls[n / 2 - 1] + ls[n / 2]) / 2;
            });
        }
        return out;
    }

    /**
     * Starts each new item's row (ids above {@code parentItems}) at the mean of the rows of the
     * known items within {@link #NEIGHBOURS} positions of it in {@code sequences}: items read next
     * to each other have near rows in a trained table (they predict each other), so the new item
     * starts where its company is, and its first scores are those of its neighbours rather than
     * noise; the fine-tuning then moves it. A new item with no known neighbour keeps its row. Returns how many new rows were set.
     */
    public static int fromNeighbours(Block to, int parentItems, int items, int[][] sequences) {
        if (items <= parentItems) {
            return 0;
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
        int set = 0;
        for (int n = 0; n < sum.length; n++) {
            if (count[n] == 0) {
                continue;
            }
            set++;
            float[] row = new float[dim];
            for (int d = 0; d < dim; d++) {
                row[d] = (float) (sum[n][d] / count[n]);
            }
            int item = parentItems + 1 + n;
            table.set(
                    new NDIndex(item + ":" + (item + 1)),
                    table.getManager().create(row).reshape(1, dim));
        }
        return set;
    }
}
