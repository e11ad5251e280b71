package io.attnrec.serve.testmodels;

import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Test model: recency-weighted item co-occurrence. {@code cooc[a][b]} = number of training users
 * whose history holds both a and b; the item at distance d from the end of the history has
 * weight 0.5^d; score(i) = sum_p w_p cooc[h_p][i] + 0.001 * popularity(i). Small enough to
 * compute answers by hand, sequential enough that a new event changes the ranking.
 */
public final class CoocModel implements Recommender, Explainable, Persistable, AutoCloseable {

    public static final String NAME = "serve-test-cooc";

    private final int numItems;
    private final float[][] cooc;
    private final float[] popularity;
    private volatile boolean closed;

    private CoocModel(int numItems, float[][] cooc, float[] popularity) {
        this.numItems = numItems;
        this.cooc = cooc;
        this.popularity = popularity;
    }

    public static CoocModel train(int numItems, int[][] histories) {
        float[][] cooc = new float[numItems + 1][numItems + 1];
        float[] pop = new float[numItems + 1];
        for (int[] h : histories) {
            int[] d = Arrays.stream(h).distinct().toArray();
            for (int a : d) {
                pop[a]++;
                for (int b : d) {
                    if (a != b) {
                        cooc[a][b]++;
                    }
                }
            }
        }
        return new CoocModel(numItems, cooc, pop);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        for (int i = 0; i <= numItems; i++) {
            scores[i] = 0.001f * popularity[i];
        }
        float w = 1;
        for (int p = history.length - 1; p >= 0; p--, w *= 0.5f) {
            float[] row = cooc[history[p]];
            for (int i = 1; i <= numItems; i++) {
                scores[i] += w * row[i];
            }
        }
    }

    @Override
    public Explanation explain(int user, int[] history, int item) {
        List<Explanation.Contribution> c = new ArrayList<>();
        double total = 0;
        float w = 1;
        for (int p = history.length - 1; p >= 0; p--, w *= 0.5f) {
            total += w * cooc[history[p]][item];
        }
        BitSet seen = new BitSet();
        w = 1;
        for (int p = history.length - 1; p >= 0; p--, w *= 0.5f) {
            int h = history[p];
            double part = w * cooc[h][item];
            if (part > 0 && !seen.get(h)) {
                seen.set(h);
                c.add(new Explanation.Contribution(h, p, part / total));
            }
        }
        c.sort(Comparator.comparingDouble(Explanation.Contribution::weight).reversed());
        return new Explanation(item, -1, c);
    }

    /** Records the close, as a model holding native memory would free it. */
    @Override
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void save(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder().append(numItems).append('\n');
        for (int a = 0; a <= numItems; a++) {
            sb.append(popularity[a]);
            for (int b = 0; b <= numItems; b++) {
                sb.append(' ').append(cooc[a][b]);
            }
            sb.append('\n');
        }
        Files.writeString(dir.resolve("cooc.txt"), sb, StandardCharsets.UTF_8);
    }

    static CoocModel read(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("cooc.txt"), StandardCharsets.UTF_8);
        int n = Integer.parseInt(lines.get(0).trim());
        float[][] cooc = new float[n + 1][n + 1];
        float[] pop = new float[n + 1];
        for (int a = 0; a <= n; a++) {
            String[] parts = lines.get(a + 1).split(" ");
            pop[a] = Float.parseFloat(parts[0]);
            for (int b = 0; b <= n; b++) {
                cooc[a][b] = Float.parseFloat(parts[b + 1]);
            }
        }
        CoocModel m = new CoocModel(n, cooc, pop);
        LOADED.add(m);
        return m;
    }

    /** Every model read from disk in this JVM, so tests can check that abandoned ones were closed. */
    public static final List<CoocModel> LOADED = new java.util.concurrent.CopyOnWriteArrayList<>();
}
