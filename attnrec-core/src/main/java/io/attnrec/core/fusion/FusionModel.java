package io.attnrec.core.fusion;

import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A weighted blend of several trained models (SPEC C8). Each member scores all items; the scores
 * are normalised per user ({@link FusionConfig.Norm}), then summed with the weights chosen on
 * validation by {@link FusionTrainer} (the best member alone when no blend beats it
 * significantly). Members with weight 0 are not scored at all.
 *
 * <p>Saved as its own settings plus one sub-folder per member ({@code members/0-ease/}, ...), each
 * written by the member's {@link Persistable#save} and read back through the registry, so the
 * blend reloads bit-identically when its members do. {@link #explain} merges the explanations of
 * the explainable members with positive weight, each contribution scaled by its member's weight
 * (an empty list when no member explains). Thread-safe when the members are.
 */
final class FusionModel extends BaseRecommender implements Persistable, Explainable {

    static final String NAME = "fusion";

    private final List<Recommender> members;
    private final double[] weights;
    private final FusionConfig.Norm norm;
    private final FusionTuning tuning;

    FusionModel(List<Recommender> members, double[] weights, FusionConfig.Norm norm, FusionTuning tuning) {
        super(NAME, members.get(0).numItems());
        this.members = List.copyOf(members);
        this.weights = weights.clone();
        this.norm = norm;
        this.tuning = tuning;
        for (Recommender m : members) {
            if (m.numItems() != numItems) {
                throw new IllegalArgumentException("fusion members score different item counts: " + m.name() + " has "
                        + m.numItems() + ", " + members.get(0).name() + " has " + numItems);
            }
        }
        if (weights.length != members.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + members.size() + " members");
        }
    }

    /** The members, in blend order. */
    public List<Recommender> members() {
        return members;
    }

    /** The blend weights, one per member. */
    public double[] weights() {
        return weights.clone();
    }

    /** What the validation search found: member and blend NDCG@10, best member, whether the blend wins. */
    public FusionTuning tuning() {
        return tuning;
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        Recommender.requireScoreLength(scores, numItems);
        java.util.Arrays.fill(scores, 0, numItems + 1, 0f);
        float[] buf = new float[numItems + 1];
        for (int m = 0; m < members.size(); m++) {
            if (weights[m] == 0) {
                continue;
            }
            members.get(m).score(user, history, buf);
            normalise(buf, numItems, norm);
            float w = (float) weights[m];
            for (int i = 1; i <= numItems; i++) {
                scores[i] += w * buf[i];
            }
        }
        scores[0] = 0f;
    }

    /**
     * Normalises {@code s[1..numItems]} in place. Non-finite scores (a model's way of saying "never")
     * become the lowest finite score; a constant row becomes all zeros.
     */
    static void normalise(float[] s, int numItems, FusionConfig.Norm norm) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int finite = 0;
        for (int i = 1; i <= numItems; i++) {
            float v = s[i];
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                finite++;
            }
        }
        if (finite == 0) {
            java.util.Arrays.fill(s, 1, numItems + 1, 0f);
            return;
        }
        for (int i = 1; i <= numItems; i++) {
            if (!Float.isFinite(s[i])) {
                s[i] = (float) min;
            }
        }
        if (norm == FusionConfig.Norm.MINMAX) {
            double range = max - min;
            for (int i = 1; i <= numItems; i++) {
                s[i] = range > 0 ? (float) ((s[i] - min) / range) : 0f;
            }
            return;
        }
        // Mean and deviation over all items, the replaced non-finite ones included.
        double mean = (sum + (numItems - finite) * min) / numItems;
        double var = 0;
        for (int i = 1; i <= numItems; i++) {
            double d = s[i] - mean;
            var += d * d;
        }
        double sd = Math.sqrt(var / numItems);
        for (int i = 1; i <= numItems; i++) {
            s[i] = sd > 0 ? (float) ((s[i] - mean) / sd) : 0f;
        }
    }

    @Override
    public Explanation explain(int user, int[] history, int item) {
        Map<Long, double[]> merged = new LinkedHashMap<>();
        Map<Long, Explanation.Contribution> first = new LinkedHashMap<>();
        for (int m = 0; m < members.size(); m++) {
            if (weights[m] == 0 || !(members.get(m) instanceof Explainable ex)) {
                continue;
            }
            for (Explanation.Contribution c : ex.explain(user, history, item).contributions()) {
                long key = ((long) c.item() << 32) | (c.position() & 0xffffffffL);
                merged.computeIfAbsent(key, k -> new double[1])[0] += weights[m] * c.weight();
                first.putIfAbsent(key, c);
            }
        }
        List<Explanation.Contribution> out = new ArrayList<>();
        merged.forEach((k, v) -> {
            Explanation.Contribution c = first.get(k);
            out.add(new Explanation.Contribution(c.item(), c.position(), v[0]));
        });
        out.sort(Explanation.STRONGEST_FIRST);
        return new Explanation(item, -1, out);
    }

    @Override
    public void save(Path dir) throws IOException {
        for (Recommender m : members) {
            if (!(m instanceof Persistable)) {
                throw new IllegalArgumentException("fusion member '" + m.name() + "' cannot be saved");
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        StringJoiner names = new StringJoiner("+");
        StringJoiner ws = new StringJoiner("|");
        StringJoiner ndcg = new StringJoiner("|");
        StringJoiner blend = new StringJoiner("|");
        for (int m = 0; m < members.size(); m++) {
            names.add(members.get(m).name());
            // Raw bits: the reloaded blend must add exactly the same float weights.
            ws.add(Long.toString(Double.doubleToRawLongBits(weights[m])));
            ndcg.add(Double.toString(tuning.memberNdcg().get(m)));
            blend.add(Double.toString(tuning.blendWeights().get(m)));
        }
        meta.put("members", names.toString());
        meta.put("weights_bits", ws.toString());
        meta.put("norm", norm.name().toLowerCase(Locale.ROOT));
        meta.put("tuning_cases", Integer.toString(tuning.cases()));
        meta.put("tuning_member_ndcg", ndcg.toString());
        meta.put("tuning_blend_weights", blend.toString());
        meta.put("tuning_blend_ndcg", Double.toString(tuning.blendNdcg()));
        meta.put("tuning_p_value", Double.toString(tuning.pValue()));
        meta.put("tuning_alpha", Double.toString(tuning.alpha()));
        meta.put("tuning_best_member", tuning.bestMember());
        meta.put("blend_beats_best", Boolean.toString(tuning.blendBeatsBest()));
        ModelFiles.writeMeta(dir, NAME, meta);
        for (int m = 0; m < members.size(); m++) {
            Path sub = Files.createDirectories(
                    dir.resolve("members").resolve(m + "-" + members.get(m).name()));
            ((Persistable) members.get(m)).save(sub);
        }
    }

    /** Reads a blend written by {@link #save}, loading each member through the registry. */
    public static FusionModel load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        String[] names = meta.string("members").split("\\+");
        String[] wbits = meta.string("weights_bits").split("\\|");
        String[] ndcg = meta.string("tuning_member_ndcg").split("\\|");
        String[] blend = meta.string("tuning_blend_weights").split("\\|");
        if (wbits.length != names.length || ndcg.length != names.length || blend.length != names.length) {
            throw new IOException(meta.file() + ": " + names.length + " members but " + wbits.length + " weights");
        }
        double[] weights = new double[names.length];
        double[] memberNdcg = new double[names.length];
        double[] blendWeights = new double[names.length];
        List<Recommender> members = new ArrayList<>();
        try {
            for (int m = 0; m < names.length; m++) {
                weights[m] = Double.longBitsToDouble(Long.parseLong(wbits[m]));
                memberNdcg[m] = Double.parseDouble(ndcg[m]);
                blendWeights[m] = Double.parseDouble(blend[m]);
            }
        } catch (NumberFormatException e) {
            throw new IOException(meta.file() + ": bad weights or tuning values", e);
        }
        for (int m = 0; m < names.length; m++) {
            Path sub = dir.resolve("members").resolve(m + "-" + names[m]);
            if (!Files.isDirectory(sub)) {
                throw new IOException(sub + ": missing; the fusion's member '" + names[m] + "' was not saved");
            }
            members.add(Models.require(names[m]).load(sub));
        }
        FusionConfig.Norm norm =
                meta.string("norm").equals("minmax") ? FusionConfig.Norm.MINMAX : FusionConfig.Norm.ZSCORE;
        FusionTuning tuning = new FusionTuning(
                List.of(names),
                FusionTuning.boxed(memberNdcg),
                FusionTuning.boxed(blendWeights),
                meta.real("tuning_blend_ndcg"),
                meta.real("tuning_p_value"),
                meta.real("tuning_alpha"),
                meta.string("tuning_best_member"),
                meta.integer("tuning_cases"));
        return new FusionModel(members, weights, norm, tuning);
    }
}
