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
}
