package io.attnrec.serve;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.TrainingData;
import io.attnrec.serve.testmodels.CoocModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small synthetic world for the dashboard's tests: {@value #ITEMS} items in three categories
 * ("red", "green", "blue", by item id modulo 3), {@value #USERS} users who each saw 5-8 items
 * mostly of one category, seeded. Large enough that a user can click 20 recommendations and
 * still get a list, small enough to train the co-occurrence test model instantly.
 */
public final class DashboardWorld {

    public static final int ITEMS = 60;
    public static final int USERS = 40;
    static final String[] CATEGORIES = {"red", "green", "blue"};

    private DashboardWorld() {}

    static int[][] histories(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] h = new int[USERS][];
        for (int u = 0; u < USERS; u++) {
            int topic = u % 3;
            h[u] = new int[5 + r.nextInt(4)];
            for (int p = 0; p < h[u].length; p++) {
                // Mostly the user's category, sometimes any item.
                int item = r.nextInt(10) < 8 ? 1 + topic + 3 * r.nextInt(ITEMS / 3) : 1 + r.nextInt(ITEMS);
                h[u][p] = item;
            }
        }
        return h;
    }

    static IdMap users() {
        List<String> ids = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            ids.add("user" + u);
        }
        return IdMap.of(false, ids);
    }

    static IdMap items() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= ITEMS; i++) {
            ids.add("item" + i);
        }
        return IdMap.of(true, ids);
    }

    static ItemCatalog catalog() {
        Map<String, ItemMeta> m = new LinkedHashMap<>();
        for (int i = 1; i <= ITEMS; i++) {
            String cat = CATEGORIES[(i - 1) % 3];
            m.put("item" + i, new ItemMeta("item" + i, "Item " + i + " (" + cat + ")", List.of(cat), Map.of()));
        }
        return new ItemCatalog(m);
    }

    static TrainingData data(long seed) {
        int[][] h = histories(seed);
        long[][] ts = new long[h.length][];
        for (int u = 0; u < h.length; u++) {
            ts[u] = new long[h[u].length];
            for (int p = 0; p < ts[u].length; p++) {
                ts[u][p] = 1_000 + p;
            }
        }
        return new TrainingData(h.length, ITEMS, h, ts, null, items(), catalog(), List.of());
    }

    /**
     * A models folder with "cooc-a" (seed 1; its options name a folder holding a training curve,
     * as neural models' {@code output_dir=DIR} option does) and "cooc-b" (seed 2, no curve).
     */
    public static Path modelsFolder(Path root) throws IOException {
        Path folder = Files.createDirectories(root.resolve("models"));
        Path curves = Files.createDirectories(root.resolve("curves-a"));
        Files.writeString(
                curves.resolve("curve.json"),
                "{\"model\": \"cooc\", \"best_epoch\": 3, \"stopped_early\": false, \"epochs\": ["
                        + "{\"epoch\": 1, \"loss\": 2.0, \"val_ndcg@10\": 0.10, \"seconds\": 1.0},"
                        + "{\"epoch\": 2, \"loss\": 1.5, \"val_ndcg@10\": 0.15, \"seconds\": 1.0},"
                        + "{\"epoch\": 3, \"loss\": 1.2, \"val_ndcg@10\": 0.18, \"seconds\": 1.0}]}");
        write(
                folder.resolve("cooc-a"),
                1,
                Map.of("output_dir", curves.toString()),
                Map.of("ndcg@10", 0.21, "hr@10", 0.4));
        write(folder.resolve("cooc-b"), 2, Map.of(), Map.of("ndcg@10", 0.17, "hr@10", 0.35));
        return folder;
    }

    private static void write(Path dir, long seed, Map<String, String> options, Map<String, Double> metrics)
            throws IOException {
        TrainingData data = data(seed);
        CoocModel model = CoocModel.train(ITEMS, data.sequences());
        ArtifactInfo info = new ArtifactInfo(
                model.name(), options, seed, "dashboard-world", ModelArtifact.fingerprint(data), metrics, 0.1);
        ModelArtifact.save(dir, model, info, data, users());
    }
}
