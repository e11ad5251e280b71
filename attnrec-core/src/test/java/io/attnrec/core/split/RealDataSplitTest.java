package io.attnrec.core.split;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.prep.Dataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Leave-one-out on the published Amazon Beauty file of BERT4Rec (40,226 users, 54,542 items,
 * 353,962 events, every user has at least 5 events) and a popularity ranking on part of it.
 * Skipped when the shared data folder is absent.
 */
class RealDataSplitTest {

    private static Path beauty() {
        String root = System.getProperty("attnrec.shared.data", "../shared/data");
        Path file = Path.of(root, "amazon-beauty-bert4rec", "beauty.txt");
        Assumptions.assumeTrue(Files.isRegularFile(file), "shared data not found at " + file + "; skipping");
        return file;
    }

    /** A minimal reader of {@code user item} lines (the real loaders live in the data package). */
    private static Dataset read(Path file) throws IOException {
        IdMap users = new IdMap(false);
        IdMap items = new IdMap(true);
        List<List<Integer>> seqs = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                int u = users.add(f[0]);
                int i = items.add(f[1]);
                if (u == seqs.size()) {
                    seqs.add(new ArrayList<>());
                }
                seqs.get(u).add(i);
            }
        }
        int[][] s = new int[seqs.size()][];
        long[][] t = new long[seqs.size()][];
        long pos = 0;
        for (int u = 0; u < s.length; u++) {
            s[u] = seqs.get(u).stream().mapToInt(Integer::intValue).toArray();
            t[u] = new long[s[u].length];
            for (int j = 0; j < t[u].length; j++) {
                t[u][j] = pos++;
            }
        }
        return new Dataset("amazon-beauty-bert4rec", users, items, s, t, null, ItemCatalog.empty());
    }

    @Test
    void leaveOneOutOnAmazonBeauty() throws IOException {
        Dataset data = read(beauty());
        assertThat(data.numUsers()).isEqualTo(40_226);
        assertThat(data.numItems()).isEqualTo(54_542);
        assertThat(data.numInteractions()).isEqualTo(353_962);

        Split split = new LeaveOneOutSplitter(LeaveOneOutSplitter.Config.defaults()).split(data);
        assertThat(split.test()).hasSize(40_226);
        assertThat(split.validation()).hasSize(40_226);
        assertThat(split.train().numInteractions()).isEqualTo(353_962 - 2 * 40_226);
        for (EvalCase c : split.test()) {
            assertThat(Arrays.binarySearch(c.excluded(), c.targets()[0])).isNegative();
        }

        int[] counts = split.train().itemCounts();
        Recommender pop = new Recommender() {
            @Override
            public String name() {
                return "pop";
            }

            @Override
            public int numItems() {
                return counts.length - 1;
            }

            @Override
            public void score(int user, int[] history, float[] scores) {
                for (int i = 0; i < counts.length; i++) {
                    scores[i] = counts[i];
                }
            }
        };
        EvaluationResult r = new Evaluator(new EvalConfig(new int[] {10, 20}, 2, 0, 1), split.train())
                .evaluate(pop, split.test().subList(0, 4000));
        assertThat(r.users()).isEqualTo(4000);
        assertThat(r.metrics().values()).allMatch(Double::isFinite);
        // Most-popular on Beauty: about one user in a hundred finds the item in the top 10.
        assertThat(r.metric("hr@10")).isBetween(0.002, 0.05);
        assertThat(r.metric("ndcg@10")).isLessThan(r.metric("hr@10"));
        // The same ranked list for everybody, up to each user's excluded items.
        assertThat(r.metric("coverage@10")).isLessThan(0.002);
    }
}
