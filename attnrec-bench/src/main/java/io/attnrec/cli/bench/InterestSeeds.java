package io.attnrec.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.SignificanceTest;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.TrainedModel;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.multi.InterestPurity;
import io.attnrec.core.multi.InterestPurityRunner;
import io.attnrec.core.multi.MultiInterest;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.Split;
import io.attnrec.nn.multi.AggregationConfig;
import io.attnrec.nn.multi.MultiInterestRecommender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 19: several models under ComiRec's user split, over several seeds (each seed its own
 * split and training), with Recall@20/50, interest coverage (seen and plain) and purity on the
 * validation users and, unless told not to, on the test users; mean and standard deviation over
 * the seeds, and the evaluator's paired tests (t and Wilcoxon) of each model against the first on
 * per-user Recall@50 — per seed and over the seeds' users pooled (pairs stay within a seed).
 *
 * <p>Arguments: DATA_PATH OUT_JSON SEEDS MODELS [validation|test] [PRUNINGS]. SEEDS is
 * comma-separated; MODELS is a semicolon-separated list of model specs (the first is the
 * reference); {@code validation} evaluates only the validation users, for choosing settings
 * without reading the test users. PRUNINGS (e.g. {@code 0.9/0.9,0.8/1}) are read-out variants
 * {@code prune_cosine/prune_single[/merge]} evaluated on each trained multi-interest model as extra rows
 * (the training, and its early stopping, ran with the model's own read-out).
 */
public final class InterestSeeds {

    private static final String METRIC = "recall@50";

    private InterestSeeds() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: InterestSeeds DATA_PATH OUT_JSON SEEDS MODELS [validation]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long[] seeds =
                Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
        List<ModelSpec> specs = Arrays.stream(args[3].split(";"))
                .map(String::trim)
                .map(ModelSpec::parse)
                .toList();
        boolean validationOnly = args.length > 4 && args[4].equals("validation");
        // cosine/single[/merge]: read-out variants of the trained networks
        List<String[]> prunings = args.length > 5
                ? Arrays.stream(args[5].split(",")).map(v -> v.split("/")).toList()
                : List.of();
        Dataset d = Experiments.load(DataSpec.of(data), System.err::println);
        EvalConfig eval = EvalConfig.defaults().withKs(20, 50);
        // rows[model][seed]
        List<List<Map<String, Object>>> rows = new ArrayList<>();
        // per-user Recall@50 [model][seed], for the paired tests
        double[][][] valUsers = new double[specs.size()][seeds.length][];
        double[][][] testUsers = new double[specs.size()][seeds.length][];
        for (int i = 0; i < specs.size(); i++) {
            rows.add(new ArrayList<>());
        }
        List<Map<String, Object>> extra = new ArrayList<>();
        for (int s = 0; s < seeds.length; s++) {
            long seed = seeds[s];
            Split split = Experiments.split(d, "user", seed);
            for (int i = 0; i < specs.size(); i++) {
                ModelSpec spec = specs.get(i);
                System.err.println("== " + spec.text() + " seed " + seed);
                TrainedModel trained = Experiments.train(split, spec, seed);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", spec.text());
                row.put("seed", seed);
                row.put("train_seconds", trained.trainSeconds());
                EvaluationResult val = Experiments.validate(split, trained, eval);
                valUsers[i][s] = val.perUser().get(METRIC);
                row.put("validation", part(val, trained, d, split, data, split.validation()));
                if (!validationOnly) {
                    EvaluationResult test = new io.attnrec.core.eval.Evaluator(eval, split.train())
                            .evaluate(trained.model(), split.test());
                    testUsers[i][s] = test.perUser().get(METRIC);
                    row.put("test", part(test, trained, d, split, data, split.test()));
                }
                rows.get(i).add(row);
                System.out.println(new ObjectMapper().writeValueAsString(row));
                if (trained.model() instanceof MultiInterestRecommender<?> mi) {
                    for (String[] p : prunings) {
                        MultiInterestRecommender<?> view = mi.withReadout(
                                Double.parseDouble(p[0]),
                                Double.parseDouble(p[1]),
                                p.length > 2
                                        ? AggregationConfig.Merge.parse(p[2])
                                        : mi.retrieval().merge());
                        TrainedModel viewed = new TrainedModel(spec, view, trained.trainSeconds());
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("model", spec.text() + " +readout " + String.join("/", p));
                        v.put("seed", seed);
                        v.put(
                                "validation",
                                part(
                                        Experiments.validate(split, viewed, eval),
                                        viewed,
                                        d,
                                        split,
                                        data,
                                        split.validation()));
                        if (!validationOnly) {
                            v.put(
                                    "test",
                                    part(
                                            new io.attnrec.core.eval.Evaluator(eval, split.train())
                                                    .evaluate(view, split.test()),
                                            viewed,
                                            d,
                                            split,
                                            data,
                                            split.test()));
                        }
                        extra.add(v);
                        System.out.println(new ObjectMapper().writeValueAsString(v));
                    }
                }
                if (trained.model() instanceof AutoCloseable c) {
                    c.close();
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("data", d.name());
        doc.put("data_path", data.toString());
        doc.put("seeds", seeds);
        doc.put("protocol", "user");
        List<Map<String, Object>> summary = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", specs.get(i).text());
            m.put("validation", meanSd(rows.get(i), "validation"));
            m.put("validation_vs_first", paired(valUsers[i], valUsers[0]));
            if (!validationOnly) {
                m.put("test", meanSd(rows.get(i), "test"));
                m.put("test_vs_first", paired(testUsers[i], testUsers[0]));
            }
            summary.add(m);
            System.out.println(new ObjectMapper().writeValueAsString(m));
        }
        doc.put("summary", summary);
        doc.put("runs", rows);
        doc.put("pruned_readouts", extra);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
        System.err.println("wrote " + out);
    }

    private static Map<String, Double> part(
            EvaluationResult r, TrainedModel trained, Dataset d, Split split, Path data, List<EvalCase> cases)
            throws java.io.IOException {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String key : List.of("recall@20", "recall@50", "hr@50")) {
            m.put(key, r.metric(key));
        }
        Optional<InterestPurity.Result> p = InterestPurityRunner.run(trained.model(), d, split, data, cases);
        p.ifPresent(x -> {
            m.put("interest_coverage_seen", x.coverageSeen());
            m.put("interest_purity", x.purity());
            m.put("interest_coverage", x.coverage());
            m.put("interest_coverage_ceiling", x.coverageCeiling());
            m.put("mean_interests", x.meanInterests());
        });
        if (trained.model() instanceof MultiInterest mi) {
            m.putAll(scales(mi, cases));
        }
        return m;
    }

    /**
     * Scale diagnostics of a multi-interest model (issue 19, session 11): the mean norm of the item
     * vectors and of the users' interests, and the mean cosine between two interests of one user.
     * A score is an interest's dot product with an item, so these bound how sharp the training
     * softmax can be (capsule interests are squashed to norms below 1) and show duplicates.
     */
    static Map<String, Double> scales(MultiInterest mi, List<EvalCase> cases) {
        float[][] table = mi.itemTable();
        double itemNorm = 0;
        for (int i = 1; i < table.length; i++) {
            itemNorm += norm(table[i]);
        }
        double interestNorm = 0;
        long interests = 0;
        double cos = 0;
        long pairs = 0;
        for (EvalCase c : cases) {
            float[][] v = mi.interests(-1, c.history());
            for (int a = 0; a < v.length; a++) {
                double na = norm(v[a]);
                interestNorm += na;
                interests++;
                for (int b = a + 1; b < v.length; b++) {
                    double dot = 0;
                    for (int j = 0; j < v[a].length; j++) {
                        dot += (double) v[a][j] * v[b][j];
                    }
                    cos += dot / Math.max(1e-12, na * norm(v[b]));
                    pairs++;
                }
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("item_norm", itemNorm / Math.max(1, table.length - 1));
        m.put("interest_norm", interestNorm / Math.max(1, interests));
        m.put("interest_cosine", pairs == 0 ? Double.NaN : cos / pairs);
        return m;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> meanSd(List<Map<String, Object>> runs, String part) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (Map<String, Object> r : runs) {
            ((Map<String, Double>) r.get(part))
                    .forEach((k, v) ->
                            values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, vs) -> {
            double mean = vs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss = vs.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            double sd = vs.size() > 1 ? Math.sqrt(ss / (vs.size() - 1)) : 0;
            m.put(k, String.format(Locale.ROOT, "%.4f ± %.4f", mean, sd));
        });
        return m;
    }

    /** Paired tests of a against b, per seed and pooled over the seeds. */
    private static Map<String, Object> paired(double[][] a, double[][] b) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Double> pa = new ArrayList<>();
        List<Double> pb = new ArrayList<>();
        List<String> perSeed = new ArrayList<>();
        for (int s = 0; s < a.length; s++) {
            if (a[s] == null || b[s] == null) {
                return m;
            }
            perSeed.add(describe(SignificanceTest.paired(a[s], b[s])));
            for (int u = 0; u < a[s].length; u++) {
                pa.add(a[s][u]);
                pb.add(b[s][u]);
            }
        }
        m.put("per_seed", perSeed);
        m.put(
                "pooled",
                describe(SignificanceTest.paired(
                        pa.stream().mapToDouble(Double::doubleValue).toArray(),
                        pb.stream().mapToDouble(Double::doubleValue).toArray())));
        return m;
    }

    private static String describe(SignificanceTest.PairedResult r) {
        return String.format(
                Locale.ROOT,
                "n=%d diff=%+.4f t=%.2f p=%.4f wilcoxon_p=%.4f",
                r.n(),
                r.meanDifference(),
                r.t(),
                r.pValue(),
                r.wilcoxonP());
    }
}
