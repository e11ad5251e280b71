package io.attnrec.nn.registry;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The smallest data set on which every registered model can train in well under a second or two:
 * 6 topics of 6 items, 90 users who each move through one or two topics in a fixed item order,
 * ratings (5 in the user's main topic, 2–3 elsewhere), timestamps, a catalogue with titles and
 * categories, and one validation case per user (the held-out newest item). Built in code, so the
 * golden artifacts and the every-model test never depend on a loader or on {@code ../shared}.
 */
final class TinyWorld {

    static final int TOPICS = 6;
    static final int PER_TOPIC = 6;
    static final int NUM_ITEMS = TOPICS * PER_TOPIC;
    static final int NUM_USERS = 90;

    /** Histories every golden artifact is scored on: a known user, two ad-hoc ones, an empty one. */
    static final int[] PROBE_USERS = {0, 7, -1, -1, -1};

    private TinyWorld() {}

    static TrainingData data() {
        SplittableRandom rng = new SplittableRandom(20261204L);
        int[][] sequences = new int[NUM_USERS][];
        long[][] timestamps = new long[NUM_USERS][];
        float[][] ratings = new float[NUM_USERS][];
        List<EvalCase> validation = new ArrayList<>();
        for (int u = 0; u < NUM_USERS; u++) {
            int main = u % TOPICS;
            int second = (main + 1 + rng.nextInt(TOPICS - 1)) % TOPICS;
            int len = 7 + rng.nextInt(6);
            int[] full = new int[len];
            float[] rs = new float[len];
            int pos = rng.nextInt(PER_TOPIC);
            for (int i = 0; i < len; i++) {
                int topic = rng.nextDouble() < 0.75 ? main : second;
                // within a topic, items follow each other in a fixed order: next-item structure
                pos = (pos + 1) % PER_TOPIC;
                full[i] = topic * PER_TOPIC + pos + 1;
                rs[i] = topic == main ? 5f : 2f + rng.nextInt(2);
            }
            int[] train = Arrays.copyOf(full, len - 1);
            sequences[u] = train;
            ratings[u] = Arrays.copyOf(rs, len - 1);
            timestamps[u] = new long[len - 1];
            for (int i = 0; i < len - 1; i++) {
                timestamps[u][i] = 1_700_000_000L + 3600L * (u + 7L * i);
            }
            int target = full[len - 1];
            validation.add(new EvalCase(
                    u,
                    train,
                    new int[] {target},
                    Arrays.stream(train)
                            .filter(i -> i != target)
                            .distinct()
                            .sorted()
                            .toArray()));
        }
        List<String> external = new ArrayList<>();
        Map<String, ItemMeta> meta = new LinkedHashMap<>();
        for (int t = 0; t < TOPICS; t++) {
            for (int j = 0; j < PER_TOPIC; j++) {
                String id = "i" + (t * PER_TOPIC + j + 1);
                external.add(id);
                meta.put(
                        id,
                        new ItemMeta(id, "topic" + t + " word" + j, List.of("c" + t), Map.of("shade", "s" + (j % 2))));
            }
        }
        return new TrainingData(
                NUM_USERS,
                NUM_ITEMS,
                sequences,
                timestamps,
                ratings,
                IdMap.of(true, external),
                new ItemCatalog(meta),
                validation);
    }

    /** The probe histories, one per entry of {@link #PROBE_USERS}. */
    static int[][] probeHistories(TrainingData data) {
        return new int[][] {data.sequences()[0], data.sequences()[7], {1, 2, 3, 9, 10}, {31, 32, 33, 34}, {}};
    }

    static IdMap users() {
        List<String> ids = new ArrayList<>();
        for (int u = 0; u < NUM_USERS; u++) {
            ids.add("u" + u);
        }
        return IdMap.of(false, ids);
    }
}
