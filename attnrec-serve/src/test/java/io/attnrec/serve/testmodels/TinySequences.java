package io.attnrec.serve.testmodels;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small next-item world for real DJL sequence models: runs of consecutive items ("after i comes
 * i + 1") over {@link #ITEMS} items, {@link #USERS} users named {@code user0..}, items {@code
 * item1..}.
 */
public final class TinySequences {

    public static final int ITEMS = 200;
    public static final int USERS = 80;

    private TinySequences() {}

    /** The training data (seeded, so every call gives the same). */
    public static TrainingData data() {
        SplittableRandom r = new SplittableRandom(17);
        int[][] histories = new int[USERS][];
        long[][] ts = new long[USERS][];
        for (int u = 0; u < USERS; u++) {
            int len = 4 + r.nextInt(6);
            int start = 1 + r.nextInt(ITEMS - len);
            histories[u] = new int[len];
            ts[u] = new long[len];
            for (int p = 0; p < len; p++) {
                histories[u][p] = start + p;
                ts[u][p] = 1000 + p;
            }
        }
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= ITEMS; i++) {
            ids.add("item" + i);
        }
        return new TrainingData(USERS, ITEMS, histories, ts, null, IdMap.of(true, ids), ItemCatalog.empty(), List.of());
    }

    public static IdMap users() {
        List<String> names = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            names.add("user" + u);
        }
        return IdMap.of(false, names);
    }

    /** A 16-dimensional one-block SASRec trained for two epochs (about a second). */
    public static Recommender sasrec(TrainingData data, long seed) {
        return Models.require("sasrec")
                .train(
                        data,
                        ModelOptions.parsePairs(
                                "max_len=10,dim=16,blocks=1,heads=1,epochs=2,batch_size=32,lr=0.01,progress=false"),
                        seed);
    }

    /** Trains a SASRec with {@code seed} and saves it as an artifact in {@code dir}; closes it. */
    public static Path sasrecArtifact(Path dir, long seed) throws Exception {
        TrainingData data = data();
        Recommender model = sasrec(data, seed);
        try {
            ArtifactInfo info = new ArtifactInfo(
                    model.name(), Map.of(), seed, "tiny-sequences", ModelArtifact.fingerprint(data), Map.of(), 0.1);
            ModelArtifact.save(dir, model, info, data, users());
        } finally {
            ((AutoCloseable) model).close();
        }
        return dir;
    }
}
