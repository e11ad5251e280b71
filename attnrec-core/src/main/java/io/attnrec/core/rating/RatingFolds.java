package io.attnrec.core.rating;

import io.attnrec.core.data.DataLoaders;
import io.attnrec.core.data.Event;
import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.data.RawData;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.prep.Preparer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * The train/test folds of the rating protocol (SPEC section 4): MovieLens-100K's official {@code
 * u1.base/u1.test .. u5.base/u5.test} when the folder has them, otherwise a seeded random k-fold
 * split of any rated data set.
 *
 * <p>Each fold's training file goes through the ordinary loader and {@link Preparer}, so its dense
 * ids are the fold's one id map; the test pairs are mapped through the same map, and a test user or
 * item absent from training gets id {@code -1} or {@code 0} (the models fall back to biases).
 */
final class RatingFolds {

    /** Number of official MovieLens-100K folds. */
    public static final int OFFICIAL = 5;

    private RatingFolds() {}

    /**
     * One train/test fold.
     *
     * @param name {@code u1}..{@code u5}, or {@code fold1}.. for random folds
     * @param data the prepared training part (its ids are the fold's id map)
     * @param train the training data models learn from (no ranking validation cases)
     * @param testUsers dense user id of each test rating, -1 when the user has no training rating
     * @param testItems dense item id of each test rating, 0 when the item has no training rating
     * @param testRatings the true ratings
     * @param testTimes when each test rating was given (the file's timestamp)
     */
    public record Fold(
            String name,
            Dataset data,
            TrainingData train,
            int[] testUsers,
            int[] testItems,
            float[] testRatings,
            long[] testTimes) {

        public int size() {
            return testRatings.length;
        }
    }

    /** True when {@code path} (a folder, or a file inside it) has {@code u1.base} and {@code u1.test}. */
    public static boolean hasOfficialFolds(Path path) {
        Path folder = folder(path);
        return Files.isRegularFile(folder.resolve("u1.base")) && Files.isRegularFile(folder.resolve("u1.test"));
    }

    private static Path folder(Path path) {
        if (Files.isDirectory(path)) {
            return path;
        }
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? path : parent;
    }

    /**
     * The first {@code count} folds of {@code path}: the official ones when present, else a random
     * split into {@code k = max(count, 5)} folds drawn with {@code seed}.
     *
     * @param prep applied to each training part (the published folds need none)
     * @throws IllegalArgumentException when {@code count} is out of range or the data has no ratings
     */
    public static List<Fold> read(Path path, String format, LoadOptions options, PrepConfig prep, int count, long seed)
            throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("--folds must be >= 1, got " + count);
        }
        List<Fold> out = new ArrayList<>();
        if (hasOfficialFolds(path)) {
            if (count > OFFICIAL) {
                throw new IllegalArgumentException(
                        "MovieLens-100K has " + OFFICIAL + " official folds; --folds " + count + " is too many");
            }
            Path folder = folder(path);
            for (int f = 1; f <= count; f++) {
                Path base = folder.resolve("u" + f + ".base");
                Path test = folder.resolve("u" + f + ".test");
                RawData train = DataLoaders.load(base, "movielens", options);
                RawData held = DataLoaders.load(test, "movielens", options);
                out.add(fold("u" + f, train, held.events(), prep));
            }
            return out;
        }
        RawData raw = DataLoaders.load(path, format, options);
        return randomFolds(raw, Math.max(count, OFFICIAL), count, prep, seed);
    }

    /**
     * A random k-fold split: events are shuffled with {@code seed} and dealt into {@code k} folds;
     * the first {@code count} are returned.
     */
    static List<Fold> randomFolds(RawData raw, int k, int count, PrepConfig prep, long seed) {
        List<Event> events = raw.events();
        int n = events.size();
        int[] perm = new int[n];
        Vectors.shuffle(perm, new SplittableRandom(seed));
        int[] foldOf = new int[n];
        for (int p = 0; p < n; p++) {
            foldOf[perm[p]] = p % k;
        }
        List<Fold> out = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            List<Event> train = new ArrayList<>();
            List<Event> test = new ArrayList<>();
            for (int e = 0; e < n; e++) {
                (foldOf[e] == f ? test : train).add(events.get(e));
            }
            RawData part = new RawData(raw.name(), raw.format(), train, raw.catalog(), raw.skippedLines());
            out.add(fold("fold" + (f + 1), part, test, prep));
        }
        return out;
    }

    /** Prepares {@code train} and maps {@code test} through its id maps. */
    static Fold fold(String name, RawData train, List<Event> test, PrepConfig prep) {
        Dataset d = Preparer.prepare(train, prep);
        if (!d.hasRatings()) {
            throw new IllegalArgumentException(
                    "the rating protocol needs explicit ratings, but " + train.name() + " has none");
        }
        int[] users = new int[test.size()];
        int[] items = new int[test.size()];
        float[] ratings = new float[test.size()];
        long[] times = new long[test.size()];
        for (int t = 0; t < test.size(); t++) {
            Event e = test.get(t);
            if (!e.hasRating()) {
                throw new IllegalArgumentException("test event " + (t + 1) + " of fold " + name + " (user " + e.user()
                        + ", item " + e.item() + ") has no rating");
            }
            OptionalInt u = d.users().get(e.user());
            OptionalInt i = d.items().get(e.item());
            users[t] = u.orElse(-1);
            items[t] = i.orElse(0);
            ratings[t] = e.rating();
            times[t] = e.timestamp();
        }
        TrainingData td = new TrainingData(
                d.numUsers(),
                d.numItems(),
                d.sequences(),
                d.timestamps(),
                d.ratings(),
                d.items(),
                d.catalog(),
                List.of());
        return new Fold(name, d, td, users, items, ratings, times);
    }
}
