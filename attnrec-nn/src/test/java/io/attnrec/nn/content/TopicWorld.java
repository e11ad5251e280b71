package io.attnrec.nn.content;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small cold-start world: {@code topics} topics of {@code perTopic} warm items each, plus one
 * cold item per topic that never occurs in training and whose metadata (title and category) is
 * exactly that of its topic's most popular item. Each user stays in one topic; 40% of their events
 * are on the topic's popular item, the rest spread over the topic's other warm items. Every warm
 * item has its own title word and the topic's category, so content alone says which topic a cold
 * item belongs to.
 *
 * <p>Item ids: topic {@code t}'s warm items are {@code t * perTopic + 1 .. (t + 1) * perTopic}
 * (the first is the popular one), cold items are {@code topics * perTopic + 1 + t}.
 */
public final class TopicWorld {

    public final int topics;
    public final int perTopic;
    public final int numItems;
    public final TrainingData data;
    /** Topic of each user. */
    public final int[] userTopic;

    public TopicWorld(int topics, int perTopic, int usersPerTopic, long seed) {
        this(topics, perTopic, usersPerTopic, seed, true);
    }

    /**
     * @param withCatalog false gives the same events without any item metadata
     */
    public TopicWorld(int topics, int perTopic, int usersPerTopic, long seed, boolean withCatalog) {
        this.topics = topics;
        this.perTopic = perTopic;
        this.numItems = topics * perTopic + topics;
        SplittableRandom rng = new SplittableRandom(seed);
        int numUsers = topics * usersPerTopic;
        int[][] sequences = new int[numUsers][];
        long[][] timestamps = new long[numUsers][];
        userTopic = new int[numUsers];
        for (int u = 0; u < numUsers; u++) {
            int t = u % topics;
            userTopic[u] = t;
            int len = 8 + rng.nextInt(5);
            sequences[u] = new int[len];
            timestamps[u] = new long[len];
            for (int i = 0; i < len; i++) {
                int j = rng.nextDouble() < 0.4 ? 0 : 1 + rng.nextInt(perTopic - 1);
                sequences[u][i] = warmItem(t, j);
                timestamps[u][i] = i;
            }
        }
        List<String> external = new ArrayList<>();
        Map<String, ItemMeta> meta = new LinkedHashMap<>();
        for (int t = 0; t < topics; t++) {
            for (int j = 0; j < perTopic; j++) {
                String id = "t" + t + "-" + j;
                external.add(id);
                meta.put(id, new ItemMeta(id, "kind" + t + "x" + j, List.of("topic" + t), Map.of()));
            }
        }
        for (int t = 0; t < topics; t++) {
            String id = "t" + t + "-cold";
            external.add(id);
            // the same words as the topic's popular item
            meta.put(id, new ItemMeta(id, "kind" + t + "x0", List.of("topic" + t), Map.of()));
        }
        IdMap items = IdMap.of(true, external);
        ItemCatalog catalog = withCatalog ? new ItemCatalog(meta) : ItemCatalog.empty();
        data = new TrainingData(numUsers, numItems, sequences, timestamps, null, items, catalog, List.of());
    }

    /** Dense id of topic {@code t}'s warm item {@code j} (j = 0 is the popular one). */
    public int warmItem(int t, int j) {
        return t * perTopic + 1 + j;
    }

    /** Dense id of topic {@code t}'s cold item. */
    public int coldItem(int t) {
        return topics * perTopic + 1 + t;
    }

    /** Rank (1 = best) of {@code item} in {@code scores} over items 1..numItems; ties rank it last. */
    public static int rank(float[] scores, int item) {
        int r = 1;
        for (int i = 1; i < scores.length; i++) {
            if (i != item && scores[i] >= scores[item]) {
                r++;
            }
        }
        return r;
    }

    /** Share of users whose topic's cold item ranks within the top {@code k} of all items. */
    public double coldHitRate(Recommender model, int k) {
        int hits = 0;
        float[] scores = new float[numItems + 1];
        for (int u = 0; u < data.numUsers(); u++) {
            model.score(u, data.sequences()[u], scores);
            hits += rank(scores, coldItem(userTopic[u])) <= k ? 1 : 0;
        }
        return hits / (double) data.numUsers();
    }

    /** Share of the top {@code k} warm items (cold ones skipped) that are in the user's topic, over users. */
    public double warmTopicPrecision(Recommender model, int k) {
        double sum = 0;
        float[] scores = new float[numItems + 1];
        for (int u = 0; u < data.numUsers(); u++) {
            model.score(u, data.sequences()[u], scores);
            int t = userTopic[u];
            boolean[] taken = new boolean[numItems + 1];
            int inTopic = 0;
            for (int n = 0; n < k; n++) {
                int best = -1;
                for (int i = 1; i <= topics * perTopic; i++) {
                    if (!taken[i] && (best < 0 || scores[i] > scores[best])) {
                        best = i;
                    }
                }
                taken[best] = true;
                inTopic += (best - 1) / perTopic == t ? 1 : 0;
            }
            sum += inTopic / (double) k;
        }
        return sum / data.numUsers();
    }
}
