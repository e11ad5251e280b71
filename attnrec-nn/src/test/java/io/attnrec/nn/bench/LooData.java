package io.attnrec.nn.bench;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.eval.EvalCase;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Benchmark-only stand-in for the core loaders, splitter and evaluator while they are being
 * written: reads SASRec {@code user item} lines (each user's lines in time order), cuts the
 * leave-one-out split of SPEC section 4 and ranks all items for each case.
 */
final class LooData {

    final TrainingData train;
    final List<EvalCase> test;

    private LooData(TrainingData train, List<EvalCase> test) {
        this.train = train;
        this.test = test;
    }

    static LooData read(Path file) throws IOException {
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                byUser.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
            }
        }
        IdMap items = new IdMap(true);
        List<int[]> sequences = new ArrayList<>();
        for (List<String> s : byUser.values()) {
            sequences.add(s.stream().mapToInt(items::add).toArray());
        }
        int users = sequences.size();
        int[][] train = new int[users][];
        long[][] times = new long[users][];
        List<EvalCase> validation = new ArrayList<>();
        List<EvalCase> test = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int[] s = sequences.get(u);
            int n = s.length;
            if (n < 3) {
                train[u] = s;
                times[u] = new long[n];
                continue;
            }
            train[u] = Arrays.copyOf(s, n - 2);
            times[u] = new long[n - 2];
            validation.add(new EvalCase(u, train[u], new int[] {s[n - 2]}, exclude(train[u], s[n - 2])));
            int[] history = Arrays.copyOf(s, n - 1);
            test.add(new EvalCase(u, history, new int[] {s[n - 1]}, exclude(history, s[n - 1])));
        }
        TrainingData data =
                new TrainingData(users, items.size(), train, times, null, items, ItemCatalog.empty(), validation);
        return new LooData(data, test);
    }

    private static int[] exclude(int[] history, int target) {
        return Arrays.stream(history)
                .filter(i -> i != target)
                .sorted()
                .distinct()
                .toArray();
    }

    /** HR@k and NDCG@k over {@code cases}, all items ranked, ties counted against the target. */
    static double[] evaluate(Recommender model, List<EvalCase> cases, int k) {
        int n = model.numItems();
        int chunk = 512;
        double hr = 0;
        double ndcg = 0;
        for (int from = 0; from < cases.size(); from += chunk) {
            int to = Math.min(cases.size(), from + chunk);
            int[] users =
                    IntStream.range(from, to).map(i -> cases.get(i).user()).toArray();
            int[][] histories = new int[to - from][];
            float[][] scores = new float[to - from][n + 1];
            for (int i = from; i < to; i++) {
                histories[i - from] = cases.get(i).history();
            }
            model.scoreBatch(users, histories, scores);
            for (int i = from; i < to; i++) {
                EvalCase c = cases.get(i);
                float[] s = scores[i - from];
                int target = c.targets()[0];
                for (int e : c.excluded()) {
                    s[e] = Float.NEGATIVE_INFINITY;
                }
                float t = s[target];
                int rank = 0;
                for (int j = 1; j <= n; j++) {
                    if (j != target && s[j] >= t) {
                        rank++;
                    }
                }
                if (rank < k) {
                    hr++;
                    ndcg += 1 / (Math.log(rank + 2) / Math.log(2));
                }
            }
        }
        return new double[] {hr / cases.size(), ndcg / cases.size()};
    }
}
