package io.attnrec.cli.bench;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.UseCases;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.WarmStartConfig;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.HistoryMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The time replay of issue 16: a model trained on the first 70% of the data's time span, then
 * six equal windows of the rest. Before window k (k = 1..6) three models are ready: the
 * incremental one (warm-started from the previous incremental model with everything before the
 * window), one retrained from scratch on the same data, and the frozen first model. Each is
 * measured on window k's events, in time order: for each event the history is everything the
 * user did before it, the target its item (full ranking over the model's items, the history
 * masked). Items first seen in the window itself are known to no model and skipped; items first
 * seen after the first 70% and before the window are "new items" (the frozen model cannot rank
 * them). At most {@code perUser} events of a user count in a window, so heavy raters do not
 * dominate.
 *
 * <p>Arguments: DATA_PATH OUT_DIR [MODEL_SPEC] [WARM_EPOCHS=5] [PER_USER=30] [SEED=42]
 * [WARM_OPTIONS] (training options of the fine-tuning, e.g. {@code batch_size=32,patience=20})
 */
public final class TimeReplay {

    private TimeReplay() {}

    private record Ev(String user, String item, long ts) {}

    /** One measured window for one model: sums over cases. */
    private record Score(double ndcg10, double recall20, double newRecall20, int cases, int newCases) {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String model = args.length > 2 && !args[2].isBlank()
                ? args[2]
                : "sasrec:dim=32:blocks=1:heads=1:max_len=30:dropout=0.2:loss=sampled:negatives=128:epochs=20:patience=3"
                        + ":batch_size=128:lr=0.002:progress=false";
        int warmEpochs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int perUser = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 42L;
        ModelOptions warmOptions =
                args.length > 6 && !args[6].isBlank() ? ModelOptions.parsePairs(args[6]) : ModelOptions.empty();
        Files.createDirectories(out);

        Dataset all = Experiments.load(DataSpec.of(data), System.err::println);
        List<Ev> events = new ArrayList<>();
        for (int u = 0; u < all.numUsers(); u++) {
            for (int k = 0; k < all.sequences()[u].length; k++) {
                events.add(new Ev(
                        all.users().external(u), all.items().external(all.sequences()[u][k]), all.timestamps()[u][k]));
            }
        }
        events.sort(Comparator.comparingLong(Ev::ts)); // stable: a user's ties keep their order
        long t0 = events.get(0).ts();
        long t1 = events.get(events.size() - 1).ts() + 1;
        long cut = t0 + (long) (0.7 * (t1 - t0));
        long width = (t1 - cut) / 6;
        Map<String, Long> firstSeen = new HashMap<>();
        for (Ev e : events) {
            firstSeen.putIfAbsent(e.item(), e.ts());
        }

        ModelSpec spec = ModelSpec.parse(model);
        EvalConfig eval =
                new EvalConfig(new int[] {10, 20}, Runtime.getRuntime().availableProcessors(), 0, seed);
        WarmStartConfig warm = WarmStartConfig.defaults().withEpochs(warmEpochs);
        System.out.printf(
                Locale.ROOT,
                "data %s: %d events; first 70%% of time: %d events; windows of %.1f days; model %s; warm epochs %d"
                        + " %s%n",
                all.name(),
                events.size(),
                events.stream().filter(e -> e.ts() < cut).count(),
                width / 86400.0,
                model,
                warmEpochs,
                warmOptions.asMap());

        Path base = out.resolve("base");
        double baseSeconds = train(dataset(all, events, cut), spec, seed, eval, base);
        System.out.printf(Locale.ROOT, "base trained in %.1f s%n", baseSeconds);
        StringBuilder table = new StringBuilder(
                "step\twindow_start\tevents\tcases\tnew_cases\tinc_ndcg10\tretrain_ndcg10\tfrozen_ndcg10\tinc_recall20"
                        + "\tretrain_recall20\tfrozen_recall20\tinc_new_recall20\tretrain_new_recall20"
                        + "\tfrozen_new_recall20\tinc_seconds\tretrain_seconds\n");
        Path previous = base;
        List<double[]> rows = new ArrayList<>();
        for (int k = 1; k <= 6; k++) {
            long start = cut + (k - 1) * width;
            long end = k == 6 ? t1 : start + width;
            Path inc = base;
            Path re = base;
            double incSeconds = 0;
            double reSeconds = 0;
            if (k > 1) {
                Dataset sofar = dataset(all, events, start);
                inc = out.resolve("inc-" + k);
                long s0 = System.nanoTime();
                UseCases.WarmStarted w = UseCases.warmStartAndSave(
                        previous, sofar, "loo", HistoryMask.HISTORY, warmOptions, warm, seed, eval, Map.of(), inc);
                incSeconds = (System.nanoTime() - s0) / 1e9;
                if (w.nothingToDo()) {
                    inc = previous;
                } else {
                    close(w.saved().orElseThrow().trained().model());
                    System.out.printf(
                            Locale.ROOT,
                            "step %d: incremental %s in %.1f s (+%d items, +%d users, %d recent, %d replayed)%n",
                            k,
                            w.lineage().orElseThrow().mode(),
                            incSeconds,
                            w.lineage().orElseThrow().itemsAdded(),
                            w.lineage().orElseThrow().usersAdded(),
                            w.lineage().orElseThrow().recentUsers(),
                            w.lineage().orElseThrow().replayedUsers());
                }
                re = out.resolve("retrain-" + k);
                long s1 = System.nanoTime();
                train(sofar, spec, seed, eval, re);
                reSeconds = (System.nanoTime() - s1) / 1e9;
                System.out.printf(Locale.ROOT, "step %d: retrain in %.1f s%n", k, reSeconds);
                previous = inc;
            }
            List<Ev> window =
                    events.stream().filter(e -> e.ts() >= start && e.ts() < end).toList();
            Score a = measure(inc, events, window, start, cut, firstSeen, perUser);
            Score b = measure(re, events, window, start, cut, firstSeen, perUser);
            Score c = measure(base, events, window, start, cut, firstSeen, perUser);
            table.append(String.format(
                    Locale.ROOT,
                    "%d\t%d\t%d\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.1f\t%.1f%n",
                    k,
                    start,
                    window.size(),
                    a.cases(),
                    a.newCases(),
                    a.ndcg10(),
                    b.ndcg10(),
                    c.ndcg10(),
                    a.recall20(),
                    b.recall20(),
                    c.recall20(),
                    a.newRecall20(),
                    b.newRecall20(),
                    c.newRecall20(),
                    incSeconds,
                    reSeconds));
            rows.add(new double[] {k, a.ndcg10(), b.ndcg10(), c.ndcg10(), incSeconds, reSeconds});
            System.out.print(table.substring(table.lastIndexOf("\n", table.length() - 2) + 1));
            Files.writeString(out.resolve("replay.tsv"), table.toString());
        }
        plot(rows, out.resolve("replay.png"), all.name());
        System.out.println("wrote " + out.resolve("replay.tsv") + " and " + out.resolve("replay.png"));
    }

    /** The events before {@code until} as a data set (ids in order of first appearance in time). */
    private static Dataset dataset(Dataset all, List<Ev> events, long until) {
        IdMap users = new IdMap(false);
        IdMap items = new IdMap(true);
        List<List<Integer>> seqs = new ArrayList<>();
        List<List<Long>> times = new ArrayList<>();
        for (Ev e : events) {
            if (e.ts() >= until) {
                break;
            }
            int u = users.add(e.user());
            int i = items.add(e.item());
            if (u == seqs.size()) {
                seqs.add(new ArrayList<>());
                times.add(new ArrayList<>());
            }
            seqs.get(u).add(i);
            times.get(u).add(e.ts());
        }
        int[][] s = seqs.stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        long[][] t = times.stream()
                .map(l -> l.stream().mapToLong(Long::longValue).toArray())
                .toArray(long[][]::new);
        return new Dataset(all.name(), users, items, s, t, null, all.catalog());
    }

    private static double train(Dataset d, ModelSpec spec, long seed, EvalConfig eval, Path dir) throws IOException {
        UseCases.Saved saved =
                UseCases.trainAndSave(d, Experiments.split(d, "loo", seed), spec, seed, eval, Map.of(), dir);
        close(saved.trained().model());
        return saved.trained().trainSeconds();
    }

    private static Score measure(
            Path dir, List<Ev> events, List<Ev> window, long start, long cut, Map<String, Long> firstSeen, int perUser)
            throws IOException {
        LoadedModel m = ModelArtifact.load(dir);
        try {
            Map<String, List<String>> history = new HashMap<>();
            for (Ev e : events) {
                if (e.ts() >= start) {
                    break;
                }
                history.computeIfAbsent(e.user(), x -> new ArrayList<>()).add(e.item());
            }
            Map<String, Integer> counted = new HashMap<>();
            List<int[]> histories = new ArrayList<>();
            List<Integer> targets = new ArrayList<>();
            List<Boolean> isNew = new ArrayList<>();
            for (Ev e : window) {
                List<String> h = history.computeIfAbsent(e.user(), x -> new ArrayList<>());
                boolean knowable = firstSeen.get(e.item()) < start;
                if (knowable && counted.merge(e.user(), 1, Integer::sum) <= perUser) {
                    histories.add(h.stream()
                            .map(i -> m.items().get(i))
                            .filter(java.util.OptionalInt::isPresent)
                            .mapToInt(java.util.OptionalInt::getAsInt)
                            .toArray());
                    targets.add(m.items().get(e.item()).orElse(-1));
                    isNew.add(firstSeen.get(e.item()) >= cut);
                }
                h.add(e.item());
            }
            int n = m.model().numItems();
            double ndcg = 0;
            double recall = 0;
            double newRecall = 0;
            int newCases = 0;
            int chunk = 256;
            for (int from = 0; from < histories.size(); from += chunk) {
                int to = Math.min(histories.size(), from + chunk);
                int[][] hs = histories.subList(from, to).toArray(new int[0][]);
                float[][] scores = new float[to - from][n + 1];
                int[] users = new int[to - from];
                Arrays.fill(users, -1);
                m.model().scoreBatch(users, hs, scores);
                for (int b = 0; b < to - from; b++) {
                    int target = targets.get(from + b);
                    boolean fresh = isNew.get(from + b);
                    newCases += fresh ? 1 : 0;
                    if (target < 0) {
                        continue; // an item this model does not know: a miss
                    }
                    float[] s = scores[b];
                    for (int i : hs[b]) {
                        if (i != target) {
                            s[i] = Float.NEGATIVE_INFINITY;
                        }
                    }
                    float t = s[target];
                    int rank = 0;
                    for (int i = 1; i <= n; i++) {
                        if (s[i] > t) {
                            rank++;
                        }
                    }
                    if (rank < 10) {
                        ndcg += 1 / (Math.log(rank + 2) / Math.log(2));
                    }
                    if (rank < 20) {
                        recall += 1;
                        newRecall += fresh ? 1 : 0;
                    }
                }
            }
            int cases = histories.size();
            return new Score(
                    ndcg / Math.max(1, cases),
                    recall / Math.max(1, cases),
                    newRecall / Math.max(1, newCases),
                    cases,
                    newCases);
        } finally {
            close(m.model());
        }
    }

    private static void plot(List<double[]> rows, Path file, String name) throws IOException {
        XYChart ndcg = new XYChartBuilder()
                .width(900)
                .height(420)
                .title("Time replay on " + name + ": NDCG@10 on the next window")
                .xAxisTitle("step (window)")
                .yAxisTitle("NDCG@10")
                .build();
        double[] x = rows.stream().mapToDouble(r -> r[0]).toArray();
        ndcg.addSeries("incremental", x, rows.stream().mapToDouble(r -> r[1]).toArray());
        ndcg.addSeries("full retrain", x, rows.stream().mapToDouble(r -> r[2]).toArray());
        ndcg.addSeries(
                "frozen first model", x, rows.stream().mapToDouble(r -> r[3]).toArray());
        XYChart time = new XYChartBuilder()
                .width(900)
                .height(420)
                .title("Wall time per step (s)")
                .xAxisTitle("step (window)")
                .yAxisTitle("seconds")
                .build();
        time.addSeries("incremental", x, rows.stream().mapToDouble(r -> r[4]).toArray());
        time.addSeries("full retrain", x, rows.stream().mapToDouble(r -> r[5]).toArray());
        java.awt.image.BufferedImage a = BitmapEncoder.getBufferedImage(ndcg);
        java.awt.image.BufferedImage b = BitmapEncoder.getBufferedImage(time);
        java.awt.image.BufferedImage both = new java.awt.image.BufferedImage(
                a.getWidth(), a.getHeight() + b.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = both.createGraphics();
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, 0, a.getHeight(), null);
        g.dispose();
        javax.imageio.ImageIO.write(both, "png", file.toFile());
    }

    private static void close(Object model) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
