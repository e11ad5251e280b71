package io.attnrec.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.TrainedModel;
import io.attnrec.core.explain.DeletionAttribution;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TopK;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Faithfulness of explanations (issue 19, item 6): is the history item an explanation ranks first
 * really what the recommendation rests on? For up to {@code USERS} leave-one-out test users (a
 * seeded sample), the model's top recommendation {@code r} (history left out) is explained three
 * ways, each an order of the newest {@value #MAX_HISTORY} history positions:
 *
 * <ul>
 *   <li>{@code attribution}: {@link DeletionAttribution}, largest score drop of {@code r} first;
 *   <li>{@code attention}: the model's own {@link Explainable#explain} weights for {@code r},
 *       largest first, ties in a seeded random order (so uniform weights are a random order, not
 *       "newest first"); positions outside the model's window last, in random order;
 *   <li>{@code random}: a seeded random order.
 * </ul>
 *
 * For {@code m = 1..5} the first {@code m} positions of each order are removed and {@code r}'s rank
 * among the items outside the original history is measured again (ties count against {@code r});
 * the rank drop is the new rank minus the old (1 unless tied). Reported per method and {@code m}:
 * the mean and median rank drop, the share of users whose {@code r} leaves the top 10, and, at
 * {@code m = 1}, how often attribution's drop beats random's and attention's (paired, per user).
 * The re-scoring for one user is one {@code scoreBatch} call of 15 histories, after the
 * attribution's own call. Users whose history has fewer than 6 positions are skipped (counted).
 *
 * <p>Arguments: DATA_PATH MODEL_SPEC OUT_JSON [SEED=42] [USERS=1000]. {@code MODEL_SPEC} may be
 * {@code saved:dir=DIR} for a model trained by {@code attnrec train} with the same data and seed.
 * Prints a Markdown table; writes the JSON.
 */
public final class Faithfulness {

    static final int MAX_REMOVED = 5;
    static final int MAX_HISTORY = 200;
    static final int TOP = 10;
    static final List<String> METHODS = List.of("attribution", "attention", "random");

    private Faithfulness() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Faithfulness DATA_PATH MODEL_SPEC OUT_JSON [SEED=42] [USERS=1000]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        ModelSpec spec = ModelSpec.parse(args[1]);
        Path out = Path.of(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42L;
        int users = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        Dataset d = Experiments.load(DataSpec.of(data), System.err::println);
        Split split = Experiments.split(d, "loo", seed);
        long start = System.nanoTime();
        TrainedModel trained = Experiments.train(split, spec, seed);
        System.err.printf(Locale.ROOT, "trained %s in %.1f s%n", spec.text(), (System.nanoTime() - start) / 1e9);
        Result r = measure(trained.model(), split.test(), users, seed);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("data", d.name());
        doc.put("data_path", data.toString());
        doc.put("model", spec.text());
        doc.put("trained_model", trained.model().name());
        doc.put("seed", seed);
        doc.put(
                "protocol",
                "loo test cases, top-1 recommendation (history excluded), newest " + MAX_HISTORY
                        + " history positions");
        doc.putAll(r.toMap());
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
        System.out.print(r.markdown(spec.text() + " (" + trained.model().name() + ")", d.name()));
        System.err.println("wrote " + out);
    }

    /**
     * Rank drops per method (rows in {@link #METHODS} order) and number removed (columns 0..4 for 1..5).
     *
     * @param users measured users
     * @param skipped sampled users with fewer than {@code MAX_REMOVED + 1} history positions
     * @param drops {@code drops[method][m - 1][user]}
     * @param attentionAvailable whether the model gave attention weights (else that row is absent)
     * @param seconds time of the measurement
     */
    record Result(int users, int skipped, double[][][] drops, boolean attentionAvailable, double seconds) {

        double mean(int method, int m) {
            return Arrays.stream(drops[method][m]).average().orElse(0);
        }

        double median(int method, int m) {
            double[] s = drops[method][m].clone();
            Arrays.sort(s);
            int n = s.length;
            return n == 0 ? 0 : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        /** Share of users whose item leaves the top 10 (old rank is 1, so new rank > 10). */
        double leftTop(int method, int m) {
            return Arrays.stream(drops[method][m]).filter(x -> x >= TOP).count() / (double) Math.max(1, users);
        }

        /** Share of users where method a's drop beats b's at m (ties count half). */
        double beats(int a, int b, int m) {
            double s = 0;
            for (int u = 0; u < users; u++) {
                double x = drops[a][m][u];
                double y = drops[b][m][u];
                s += x > y ? 1 : x == y ? 0.5 : 0;
            }
            return users == 0 ? 0 : s / users;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("users", users);
            m.put("skipped_short_history", skipped);
            m.put("seconds", seconds);
            for (int k = 0; k < METHODS.size(); k++) {
                if (k == 1 && !attentionAvailable) {
                    continue;
                }
                Map<String, Object> rows = new LinkedHashMap<>();
                List<Double> means = new ArrayList<>();
                List<Double> medians = new ArrayList<>();
                List<Double> left = new ArrayList<>();
                for (int r = 0; r < MAX_REMOVED; r++) {
                    means.add(mean(k, r));
                    medians.add(median(k, r));
                    left.add(leftTop(k, r));
                }
                rows.put("mean_rank_drop", means);
                rows.put("median_rank_drop", medians);
                rows.put("left_top10", left);
                m.put(METHODS.get(k), rows);
            }
            m.put("attribution_beats_random_at_1", beats(0, 2, 0));
            if (attentionAvailable) {
                m.put("attribution_beats_attention_at_1", beats(0, 1, 0));
                m.put("attention_beats_random_at_1", beats(1, 2, 0));
            }
            return m;
        }

        String markdown(String model, String data) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT,
                    "%s on %s: %d users (%d skipped, history < 6), %.0f s%n%n",
                    model,
                    data,
                    users,
                    skipped,
                    seconds));
            sb.append("| removed by | mean rank drop, 1 / 2 / 3 / 4 / 5 removed | median, 1 / 5 removed"
                    + " | left top 10, 1 / 5 removed |\n| --- | --- | --- | --- |\n");
            for (int k = 0; k < METHODS.size(); k++) {
                if (k == 1 && !attentionAvailable) {
                    continue;
                }
                StringBuilder curve = new StringBuilder();
                for (int r = 0; r < MAX_REMOVED; r++) {
                    curve.append(r == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.1f", mean(k, r)));
                }
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %.0f / %.0f | %.2f / %.2f |%n",
                        METHODS.get(k),
                        curve,
                        median(k, 0),
                        median(k, MAX_REMOVED - 1),
                        leftTop(k, 0),
                        leftTop(k, MAX_REMOVED - 1)));
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "%nattribution's drop > random's (1 removed, paired, ties half): %.3f%n",
                    beats(0, 2, 0)));
            if (attentionAvailable) {
                sb.append(String.format(
                        Locale.ROOT,
                        "attribution's drop > attention's: %.3f; attention's > random's: %.3f%n",
                        beats(0, 1, 0),
                        beats(1, 2, 0)));
            }
            return sb.toString();
        }
    }

    /** Measures up to {@code maxUsers} of {@code cases}, a seeded sample. */
    static Result measure(Recommender model, List<EvalCase> cases, int maxUsers, long seed) {
        long start = System.nanoTime();
        int[] order = new int[cases.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int n = model.numItems();
        boolean attention = model instanceof Explainable;
        DeletionAttribution.Config config = new DeletionAttribution.Config(MAX_HISTORY, 1);
        List<double[][]> perUser = new ArrayList<>();
        int skipped = 0;
        float[] full = new float[n + 1];
        for (int idx : order) {
            if (perUser.size() >= maxUsers) {
                break;
            }
            EvalCase c = cases.get(idx);
            int[] h = c.history();
            int first = Math.max(0, h.length - MAX_HISTORY);
            int numPositions = h.length - first;
            if (numPositions < MAX_REMOVED + 1) {
                skipped++;
                continue;
            }
            model.score(c.user(), h, full);
            int item = TopK.select(full, 1, h)[0];
            // A per-user generator: the same user gets the same random orders whatever the sample.
            SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + idx);
            int[][] orders = new int[METHODS.size()][];
            orders[0] = positions(DeletionAttribution.attribute(model, c.user(), h, new int[] {item}, config)
                    .contributions(0));
            orders[2] = shuffled(first, numPositions, rng);
            orders[1] = attention
                    ? attentionOrder(((Explainable) model).explain(c.user(), h, item), first, numPositions, rng)
                    : orders[2];
            int rows = METHODS.size() * MAX_REMOVED;
            int[][] histories = new int[rows + 1][];
            histories[0] = h;
            for (int k = 0; k < METHODS.size(); k++) {
                for (int m = 1; m <= MAX_REMOVED; m++) {
                    histories[1 + k * MAX_REMOVED + m - 1] = remove(h, orders[k], m);
                }
            }
            int[] us = new int[rows + 1];
            Arrays.fill(us, c.user());
            float[][] scores = new float[rows + 1][n + 1];
            model.scoreBatch(us, histories, scores);
            boolean[] outside = new boolean[n + 1];
            Arrays.fill(outside, true);
            outside[0] = false;
            for (int x : h) {
                outside[x] = false;
            }
            int base = rank(scores[0], item, outside);
            double[][] drops = new double[METHODS.size()][MAX_REMOVED];
            for (int k = 0; k < METHODS.size(); k++) {
                for (int m = 0; m < MAX_REMOVED; m++) {
                    drops[k][m] = rank(scores[1 + k * MAX_REMOVED + m], item, outside) - base;
                }
            }
            perUser.add(drops);
        }
        int u = perUser.size();
        double[][][] all = new double[METHODS.size()][MAX_REMOVED][u];
        for (int i = 0; i < u; i++) {
            for (int k = 0; k < METHODS.size(); k++) {
                for (int m = 0; m < MAX_REMOVED; m++) {
                    all[k][m][i] = perUser.get(i)[k][m];
                }
            }
        }
        return new Result(u, skipped, all, attention, (System.nanoTime() - start) / 1e9);
    }

    /** 1 + items outside the history scored at least as high as {@code item} (ties against it). */
    static int rank(float[] s, int item, boolean[] outside) {
        float x = s[item];
        int r = 1;
        for (int i = 1; i < s.length; i++) {
            if (i != item && outside[i] && !(s[i] < x)) {
                r++;
            }
        }
        return r;
    }

    private static int[] positions(List<Explanation.Contribution> cs) {
        return cs.stream().mapToInt(Explanation.Contribution::position).toArray();
    }

    /** Positions {@code first .. first + n - 1} in a random order. */
    static int[] shuffled(int first, int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = first + i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * The attributed positions by attention weight, largest first; ties and positions the
     * explanation leaves out (outside the model's window) in a random order, the latter last.
     */
    static int[] attentionOrder(Explanation e, int first, int n, SplittableRandom rng) {
        double[] w = new double[n];
        Arrays.fill(w, Double.NEGATIVE_INFINITY);
        for (Explanation.Contribution c : e.contributions()) {
            if (c.position() >= first && c.position() < first + n) {
                w[c.position() - first] = c.weight();
            }
        }
        Integer[] boxed = Arrays.stream(shuffled(first, n, rng)).boxed().toArray(Integer[]::new);
        // A stable sort of a random order: ties keep the random order.
        Arrays.sort(boxed, (a, b) -> Double.compare(w[b - first], w[a - first]));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    /** {@code h} without the positions {@code order[0..m)}. */
    static int[] remove(int[] h, int[] order, int m) {
        boolean[] gone = new boolean[h.length];
        for (int i = 0; i < m; i++) {
            gone[order[i]] = true;
        }
        int[] out = new int[h.length - m];
        int q = 0;
        for (int p = 0; p < h.length; p++) {
            if (!gone[p]) {
                out[q++] = h[p];
            }
        }
        return out;
    }
}
