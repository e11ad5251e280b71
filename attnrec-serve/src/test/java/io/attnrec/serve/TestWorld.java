package io.attnrec.serve;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import io.attnrec.serve.model.ServedModel;
import io.attnrec.serve.testmodels.CoocModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A six-item world with hand-computable answers. Items i1-i3 are category "x", i4-i6 category
 * "y". Users u0-u4 saw i1,i2,i3; u5-u9 saw i4,i5,i6; u10 saw i1,i2. So cooc(i1,i2) = 6 and every
 * other pair inside a category is 5; nothing crosses categories.
 */
final class TestWorld {

    static final int NUM_ITEMS = 6;

    private TestWorld() {}

    static int[][] histories() {
        int[][] h = new int[11][];
        for (int u = 0; u < 5; u++) {
            h[u] = new int[] {1, 2, 3};
        }
        for (int u = 5; u < 10; u++) {
            h[u] = new int[] {4, 5, 6};
        }
        h[10] = new int[] {1, 2};
        return h;
    }

    static IdMap users() {
        List<String> ids = new ArrayList<>();
        for (int u = 0; u <= 10; u++) {
            ids.add("u" + u);
        }
        return IdMap.of(false, ids);
    }

    static IdMap items() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= NUM_ITEMS; i++) {
            ids.add("i" + i);
        }
        return IdMap.of(true, ids);
    }

    static ItemCatalog catalog() {
        Map<String, ItemMeta> m = new LinkedHashMap<>();
        for (int i = 1; i <= NUM_ITEMS; i++) {
            m.put("i" + i, new ItemMeta("i" + i, "Item " + i, List.of(i <= 3 ? "x" : "y"), Map.of()));
        }
        return new ItemCatalog(m);
    }

    static TrainingData data() {
        int[][] h = histories();
        long[][] ts = new long[h.length][];
        for (int u = 0; u < h.length; u++) {
            ts[u] = new long[h[u].length];
            for (int p = 0; p < ts[u].length; p++) {
                ts[u][p] = 1000 + p;
            }
        }
        return new TrainingData(h.length, NUM_ITEMS, h, ts, null, items(), catalog(), List.of());
    }

    static ServedModel served(String name) {
        return new ServedModel(
                name, CoocModel.train(NUM_ITEMS, histories()), users(), items(), histories(), catalog(), null);
    }

    /** Writes an artifact of {@code model} trained on this world into {@code dir}. */
    static Path writeArtifact(Path dir, Recommender model) throws IOException {
        TrainingData data = data();
        ArtifactInfo info = new ArtifactInfo(
                model.name(), Map.of(), 1L, "test-world", ModelArtifact.fingerprint(data), Map.of("ndcg@10", 0.5), 0.1);
        ModelArtifact.save(dir, model, info, data, users());
        return dir;
    }

    /**
     * A models folder with two artifacts: "m-a" (co-occurrence on all users) and "m-b"
     * (co-occurrence on users u5-u9 only, so it knows nothing about i1-i3).
     */
    static Path modelsFolder(Path root) throws IOException {
        Path folder = Files.createDirectories(root.resolve("models"));
        writeArtifact(folder.resolve("m-a"), CoocModel.train(NUM_ITEMS, histories()));
        int[][] onlyY = {{4, 5, 6}, {4, 5, 6}, {4, 6}};
        writeArtifact(folder.resolve("m-b"), CoocModel.train(NUM_ITEMS, onlyY));
        return folder;
    }
}
