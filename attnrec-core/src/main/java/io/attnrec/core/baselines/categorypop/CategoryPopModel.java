package io.attnrec.core.baselines.categorypop;

import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.BaseRecommender;
import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Popularity within the user's favourite categories: the cold-start baseline (SPEC C9).
 *
 * <p>For a history, {@code n(c)} is the number of history items in category {@code c}. An item's
 * score is {@code max_{c in cats(i)} n(c)} (how strongly its best-matching category figures in the
 * history, a whole number), plus a fraction below 1 that orders the items within that level:
 *
 * <pre>
 * 0.5 * pop(i) / maxPop + 0.3 * catPop(i) / maxCatPop + 0.2 * h(i)
 * </pre>
 *
 * where {@code pop(i)} is the item's training interaction count, {@code catPop(i)} the sum of the
 * training interaction counts of its categories, and {@code h(i)} in [0, 1) a fixed hash of its
 * external id. So the items of the user's most frequent category come first, the popular ones
 * first; an item never seen in training ({@code pop = 0}) ranks by its categories' popularity.
 * The hash breaks the remaining ties (items with the same categories) in an arbitrary but fixed
 * order: without it, dozens of cold items would tie and the evaluator, which ranks a target after
 * every item with an equal score, would punish the baseline for ties rather than for its ranking;
 * dense item ids are not used for this because they follow the order of first interaction in the
 * whole log, which would leak when the cold items were first consumed. Items without a category
 * score only the fraction. Categories come from the catalogue (genres, S3-Rec attribute ids,
 * topics). Immutable, hence thread-safe.
 */
final class CategoryPopModel extends BaseRecommender implements Persistable {

    static final String NAME = "category-pop";

    private final int numCategories;
    /** CSR: categories of item i are {@code catIds[catPtr[i]..catPtr[i+1])}. */
    private final int[] catPtr;

    private final int[] catIds;
    /** The fraction below 1 of every item (popularity tie-break), indexed by item id. */
    private final float[] tieBreak;

    private CategoryPopModel(int numCategories, int[] catPtr, int[] catIds, float[] tieBreak) {
        super(NAME, tieBreak.length - 1);
        this.numCategories = numCategories;
        this.catPtr = catPtr;
        this.catIds = catIds;
        this.tieBreak = tieBreak;
    }

    /** Reads the item categories from {@code data}'s catalogue and counts training popularity. */
    public static CategoryPopModel train(TrainingData data, ModelOptions options) {
        options.requireAllUsed();
        if (!data.catalog().hasCategories()) {
            throw new IllegalArgumentException(
                    "category-pop needs item categories (genres, attributes), but the data's catalogue has none");
        }
        int n = data.numItems();
        Map<String, Integer> catIndex = new HashMap<>();
        int[] catPtr = new int[n + 2];
        int[][] cats = new int[n + 1][];
        cats[0] = new int[0];
        int total = 0;
        for (int i = 1; i <= n; i++) {
            List<String> names = data.catalog()
                    .get(data.items().external(i))
                    .map(ItemMeta::categories)
                    .orElse(List.of());
            cats[i] = names.stream()
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .distinct()
                    .mapToInt(c -> catIndex.computeIfAbsent(c, k -> catIndex.size()))
                    .sorted()
                    .toArray();
            total += cats[i].length;
        }
        int[] catIds = new int[total];
        int p = 0;
        for (int i = 0; i <= n; i++) {
            catPtr[i] = p;
            System.arraycopy(cats[i], 0, catIds, p, cats[i].length);
            p += cats[i].length;
        }
        catPtr[n + 1] = p;
        int[] pop = data.itemCounts();
        long[] catPop = new long[catIndex.size()];
        for (int i = 1; i <= n; i++) {
            for (int c : cats[i]) {
                catPop[c] += pop[i];
            }
        }
        int maxPop = 1;
        for (int i = 1; i <= n; i++) {
            maxPop = Math.max(maxPop, pop[i]);
        }
        double[] catSum = new double[n + 1];
        double maxCatSum = 1;
        for (int i = 1; i <= n; i++) {
            for (int c : cats[i]) {
                catSum[i] += catPop[c];
            }
            maxCatSum = Math.max(maxCatSum, catSum[i]);
        }
        float[] tieBreak = new float[n + 1];
        for (int i = 1; i <= n; i++) {
            tieBreak[i] = (float) (0.5 * pop[i] / maxPop
                    + 0.3 * catSum[i] / maxCatSum
                    + 0.2 * hash(data.items().external(i)));
        }
        return new CategoryPopModel(catIndex.size(), catPtr, catIds, tieBreak);
    }

    /** A fixed number in [0, 1) from the external id (SplitMix64 finaliser over its hash code). */
    static double hash(String externalId) {
        long z = externalId.hashCode() * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        // Keep 0.99 of the range: 0.2 * h then never reaches the next whole number in float.
        return 0.99 * ((z >>> 11) * 0x1.0p-53);
    }

    @Override
    public void score(int user, int[] history, float[] scores) {
        int n = numItems();
        Recommender.requireScoreLength(scores, n);
        int[] counts = new int[numCategories];
        for (int j : history) {
            if (j >= 1 && j <= n) {
                for (int k = catPtr[j]; k < catPtr[j + 1]; k++) {
                    counts[catIds[k]]++;
                }
            }
        }
        for (int i = 1; i <= n; i++) {
            int best = 0;
            for (int k = catPtr[i]; k < catPtr[i + 1]; k++) {
                best = Math.max(best, counts[catIds[k]]);
            }
            scores[i] = best + tieBreak[i];
        }
        scores[0] = 0f;
    }

    @Override
    public void save(Path dir) throws IOException {
        ModelFiles.writeMeta(
                dir,
                NAME,
                Map.of("num_items", Integer.toString(numItems()), "num_categories", Integer.toString(numCategories)));
        ModelFiles.writeInts(dir.resolve("category_pointers.bin"), catPtr);
        ModelFiles.writeInts(dir.resolve("categories.bin"), catIds);
        ModelFiles.writeFloats(dir.resolve("tie_break.bin"), tieBreak);
    }

    /** Reads a model written by {@link #save}. */
    public static CategoryPopModel load(Path dir) throws IOException {
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, NAME);
        int n = meta.integer("num_items");
        int numCategories = meta.integer("num_categories");
        int[] catPtr = ModelFiles.readInts(dir.resolve("category_pointers.bin"), n + 2L);
        int[] catIds = ModelFiles.readInts(dir.resolve("categories.bin"), catPtr[n + 1]);
        for (int i = 0; i <= n; i++) {
            if (catPtr[i] > catPtr[i + 1] || catPtr[i] < 0) {
                throw new IOException(dir.resolve("category_pointers.bin") + ": pointers decrease at item " + i);
            }
        }
        for (int c : catIds) {
            if (c < 0 || c >= numCategories) {
                throw new IOException(dir.resolve("categories.bin") + ": category " + c + " out of range");
            }
        }
        return new CategoryPopModel(
                numCategories, catPtr, catIds, ModelFiles.readFloats(dir.resolve("tie_break.bin"), n + 1L));
    }
}
