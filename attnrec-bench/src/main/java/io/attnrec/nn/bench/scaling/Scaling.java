package io.attnrec.nn.bench.scaling;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.linalg.FactorKernel;
import io.attnrec.core.linalg.PackedItems;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.TopK;
import io.attnrec.core.model.TrainingData;
import io.attnrec.nn.sasrec.SasRecConfig;
import io.attnrec.nn.sasrec.SasRecProvider;
import io.attnrec.nn.seq.SequenceRecommender;
import io.attnrec.nn.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How evaluation and a serving request grow with the catalogue size and the history length, on
 * an untrained SASRec (d = 64, 2 blocks; the cost does not depend on the weights' values) with
 * synthetic histories that fill the whole window. Per setting, one JSON line:
 *
 * <ul>
 *   <li>{@code eval_users_per_s}: a full-ranking evaluation (1 thread, every default metric) of
 *       {@code --users} cases through the batched encoder and {@link FactorKernel};
 *   <li>{@code request_ms}: the model part of one serving request, one user: encoder, kernel
 *       product with every item, top-10 ({@code request_old_ms}: the same with the model's own
 *       PyTorch product and copy, today's server path), and the parts.
 * </ul>
 *
 * <p>Also {@code request_java_encoder_ms} (the plain-Java single-request encoder, today's server
 * path for one request) and {@code train_<loss>_step_s}: seconds per training step (batch 128)
 * on the same histories.
 *
 * <p>Arguments: [--items 10000,54542,200000,1000000] [--lengths 50] [--users 1024] [--seed 42]
 * [--requests 50] [--train-losses sampled,ce]. Each item count is run with each history length.
 */
public final class Scaling {

    private Scaling() {}

    public static void main(String[] args) throws IOException {
        int[] itemCounts = {10_000, 54_542, 200_000, 1_000_000};
        int[] lengths = {50};
        int users = 1024;
        int requests = 50;
        long seed = 42;
        String losses = "sampled,ce";
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--items" -> itemCounts = ints(args[++a]);
                case "--lengths" -> lengths = ints(args[++a]);
                case "--users" -> users = Integer.parseInt(args[++a]);
                case "--requests" -> requests = Integer.parseInt(args[++a]);
                case "--seed" -> seed = Long.parseLong(args[++a]);
                case "--train-losses" -> losses = args[++a];
                default -> throw new IllegalArgumentException("unknown option " + args[a]);
            }
        }
        for (int n : itemCounts) {
            for (int len : lengths) {
                run(n, len, users, requests, seed, losses);
            }
        }
    }

    private static void run(int numItems, int maxLen, int numUsers, int requests, long seed, String losses) {
        String load0 = load();
        SasRecConfig config = SasRecConfig.parse(ModelOptions.parsePairs("max_len=" + maxLen));
        SplittableRandom random = new SplittableRandom(seed);
        List<EvalCase> cases = new ArrayList<>();
        int[][] train = new int[numUsers][];
        for (int u = 0; u < numUsers; u++) {
            int[] h = new int[maxLen];
            for (int t = 0; t < maxLen; t++) {
                h[t] = 1 + random.nextInt(numItems);
            }
            train[u] = h;
            int target = 1 + random.nextInt(numItems);
            int[] excluded = java.util.Arrays.stream(h)
                    .distinct()
                    .filter(i -> i != target)
                    .sorted()
                    .toArray();
            cases.add(new EvalCase(-1, h, new int[] {target}, excluded));
        }
        TrainingData data = training(numItems, train);
        try (SequenceRecommender<SasRecConfig> model = new SasRecProvider().create(config, numItems)) {
            Evaluator evaluator = new Evaluator(new EvalConfig(new int[] {5, 10, 20}, 1, 0, seed), data);
            warmUp(model, numItems, train);
            evaluator.evaluate(model, cases); // warm-up: the JIT compiles the kernels' vector code
            EvaluationResult res = evaluator.evaluate(model, cases);
            double evalRate = res.users() / res.seconds();

            // serving: one user at a time
            FactorKernel kernel = FactorKernel.best();
            PackedItems packed = kernel.pack(model.factorTable());
            float[][] out = new float[1][numItems + 1];
            double encode = 0;
            double product = 0;
            double top = 0;
            double old = 0;
            double single = 0;
            for (int r = 0; r < requests + 5; r++) {
                int[] h = train[r % numUsers];
                BitSet excluded = new BitSet();
                for (int i : h) {
                    excluded.set(i);
                }
                long t0 = System.nanoTime();
                float[][][] rows = model.userFactors(new int[] {-1}, new int[][] {h});
                long t1 = System.nanoTime();
                kernel.score(rows, 1, packed, out);
                long t2 = System.nanoTime();
                TopK.top(out[0], 10, excluded);
                long t3 = System.nanoTime();
                model.scoreBatch(new int[] {-1}, new int[][] {h}, out);
                TopK.top(out[0], 10, excluded);
                long t4 = System.nanoTime();
                model.requestFactors(-1, h);
                long t5 = System.nanoTime();
                if (r >= 5) {
                    encode += (t1 - t0) / 1e6;
                    product += (t2 - t1) / 1e6;
                    top += (t3 - t2) / 1e6;
                    old += (t4 - t3) / 1e6;
                    single += (t5 - t4) / 1e6;
                }
            }
            String training = trainingSteps(numItems, maxLen, data, losses, seed);
            System.out.printf(
                    Locale.ROOT,
                    "{\"items\": %d, \"max_len\": %d, \"kernel\": \"%s\", \"eval_users\": %d, \"eval_users_per_s\": %.0f,"
                            + " \"request_ms\": %.3f, \"request_encoder_ms\": %.3f, \"request_product_ms\": %.3f,"
                            + " \"request_topk_ms\": %.3f, \"request_old_ms\": %.3f,"
                            + " \"request_java_encoder_ms\": %.3f, %s\"load1_before\": %s,"
                            + " \"load1_after\": %s}%n",
                    numItems,
                    maxLen,
                    kernel.name(),
                    res.users(),
                    evalRate,
                    (encode + product + top) / requests,
                    encode / requests,
                    product / requests,
                    top / requests,
                    old / requests,
                    single / requests,
                    training,
                    load0,
                    load());
        }
    }

    /**
     * Seconds per training step ({@code train_<loss>_step_s}) for each loss: one epoch of warm-up,
     * then one timed epoch over the same synthetic sequences (batch 128). A loss whose logits
     * would not fit in memory (full softmax: every position against every item) is left out and
     * said so.
     */
    private static String trainingSteps(int numItems, int maxLen, TrainingData data, String losses, long seed) {
        StringBuilder out = new StringBuilder();
        int batch = 128;
        for (String loss : losses.split(",")) {
            double logitBytes = 4.0 * batch * maxLen * (numItems + 1.0);
            if (loss.equals("ce") && logitBytes > 2e9) {
                out.append(String.format(
                        Locale.ROOT,
                        "\"train_%s_step_s\": null, \"train_%s_logit_gb\": %.1f, ",
                        loss,
                        loss,
                        logitBytes / 1e9));
                continue;
            }
            SasRecConfig config = SasRecConfig.parse(ModelOptions.parsePairs("max_len=" + maxLen + ",loss=" + loss
                    + ",epochs=1,min_epochs=1,batch_size=" + batch + ",progress=false"));
            try (SequenceRecommender<SasRecConfig> model = new SasRecProvider().create(config, numItems)) {
                Trainer trainer = new Trainer(config.train()).withValidator(r -> 0);
                trainer.fit(model, data, seed);
                long t0 = System.nanoTime();
                trainer.fit(model, data, seed + 1);
                double seconds = (System.nanoTime() - t0) / 1e9;
                int steps = (data.sequences().length + batch - 1) / batch;
                out.append(String.format(Locale.ROOT, "\"train_%s_step_s\": %.4f, ", loss, seconds / steps));
            }
        }
        return out.toString();
    }

    /**
     * Runs both kernel shapes (4-row blocks and single rows) until the JIT has compiled them: the
     * vector API is only fast once C2 has turned it into machine code.
     */
    private static void warmUp(SequenceRecommender<SasRecConfig> model, int numItems, int[][] histories) {
        FactorKernel kernel = FactorKernel.best();
        int n = Math.min(numItems, 20_000);
        float[][] items = new float[n + 1][];
        float[][] all = model.factorTable().items();
        System.arraycopy(all, 0, items, 0, n + 1);
        PackedItems packed = kernel.pack(new io.attnrec.core.model.FactorTable(items, null, true));
        float[][][] rows = model.userFactors(new int[8], java.util.Arrays.copyOf(histories, 8));
        float[][] out = new float[8][n + 1];
        for (int r = 0; r < 200; r++) {
            kernel.score(rows, 8, packed, out);
            kernel.score(rows, 1, packed, out);
        }
    }

    private static TrainingData training(int numItems, int[][] seqs) {
        long[][] ts = new long[seqs.length][];
        for (int u = 0; u < seqs.length; u++) {
            ts[u] = new long[seqs[u].length];
        }
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= numItems; i++) {
            ids.add("i" + i);
        }
        return new TrainingData(
                seqs.length, numItems, seqs, ts, null, IdMap.of(true, ids), ItemCatalog.empty(), List.of());
    }

    private static int[] ints(String csv) {
        return java.util.Arrays.stream(csv.split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "null";
        }
    }
}
