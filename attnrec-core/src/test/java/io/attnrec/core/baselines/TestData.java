package io.attnrec.core.baselines;

import io.attnrec.core.data.Event;
import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.synth.SynthConfig;
import io.attnrec.core.synth.SyntheticWorld;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small hand-made and synthetic training sets for the baseline tests. */
public final class TestData {

    private TestData() {}

    /** Items named a, b, c, ... (ids 1..numItems); no validation cases. */
    public static TrainingData of(int numItems, int[]... sequences) {
        return withValidation(numItems, List.of(), sequences);
    }

    public static TrainingData withValidation(int numItems, List<EvalCase> validation, int[]... sequences) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < numItems; i++) {
            names.add(i < 26 ? String.valueOf((char) ('a' + i)) : "item" + i);
        }
        long[][] timestamps = new long[sequences.length][];
        for (int u = 0; u < sequences.length; u++) {
            timestamps[u] = new long[sequences[u].length];
            for (int p = 0; p < timestamps[u].length; p++) {
                timestamps[u][p] = p;
            }
        }
        return new TrainingData(
                sequences.length,
                numItems,
                sequences,
                timestamps,
                null,
                IdMap.of(true, names),
                ItemCatalog.empty(),
                validation);
    }

    /**
     * A leave-one-out cut of a synthetic world: the last item of each user is the test target,
     * the one before it the validation target, the rest training.
     */
    public record Loo(TrainingData train, List<EvalCase> test) {}

    public static Loo synthLoo(SynthConfig config) {
        SyntheticWorld world = SyntheticWorld.generate(config);
        return loo(world.events(), world.catalog());
    }

    /**
     * Reads whitespace-separated {@code user item [rating timestamp]} lines (MovieLens {@code
     * u.data}, SASRec pairs) and cuts them leave-one-out; each user's events are ordered by the
     * timestamp column when there is one, else kept in file order.
     */
    public static Loo fileLoo(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                long ts = f.length >= 4 ? Long.parseLong(f[3]) : n;
                events.add(new Event(f[0], f[1], ts, Float.NaN, null));
                n++;
            }
        }
        // Stable: ties keep file order.
        events.sort(Comparator.comparingLong(Event::timestamp));
        return loo(events, ItemCatalog.empty());
    }

    private static Loo loo(List<Event> events, ItemCatalog catalog) {
        IdMap users = new IdMap(false);
        IdMap items = new IdMap(true);
        Map<Integer, List<Integer>> seqs = new LinkedHashMap<>();
        for (Event e : events) {
            int u = users.add(e.user());
            seqs.computeIfAbsent(u, k -> new ArrayList<>()).add(items.add(e.item()));
        }
        int numUsers = users.size();
        int[][] train = new int[numUsers][];
        long[][] times = new long[numUsers][];
        List<EvalCase> validation = new ArrayList<>();
        List<EvalCase> test = new ArrayList<>();
        for (int u = 0; u < numUsers; u++) {
            int[] all = seqs.get(u).stream().mapToInt(Integer::intValue).toArray();
            int n = all.length;
            train[u] = Arrays.copyOf(all, Math.max(0, n - 2));
            times[u] = new long[train[u].length];
            if (n >= 3) {
                int[] valHist = Arrays.copyOf(all, n - 2);
                validation.add(new EvalCase(u, valHist, new int[] {all[n - 2]}, sortedExcept(valHist, all[n - 2])));
                int[] testHist = Arrays.copyOf(all, n - 1);
                test.add(new EvalCase(u, testHist, new int[] {all[n - 1]}, sortedExcept(testHist, all[n - 1])));
            }
        }
        TrainingData data = new TrainingData(numUsers, items.size(), train, times, null, items, catalog, validation);
        return new Loo(data, test);
    }

    private static int[] sortedExcept(int[] items, int target) {
        return Arrays.stream(items).filter(i -> i != target).sorted().distinct().toArray();
    }

    /**
     * A small independent NDCG@10 for the tests (one target per case, known items excluded, ties
     * ranked against the target), so tuning code can be tested without the project's evaluator.
     */
    public static double ndcgAt10(Recommender model, List<EvalCase> cases) {
        double sum = 0;
        float[] scores = new float[model.numItems() + 1];
        for (EvalCase c : cases) {
            model.score(c.user(), c.history(), scores);
            int target = c.targets()[0];
            float t = scores[target];
            int better = 0;
            for (int i = 1; i <= model.numItems(); i++) {
                if (i != target && scores[i] >= t && Arrays.binarySearch(c.excluded(), i) < 0) {
                    better++;
                }
            }
            if (better < 10) {
                sum += 1.0 / (Math.log(better + 2) / Math.log(2));
            }
        }
        return cases.isEmpty() ? 0 : sum / cases.size();
    }
}
