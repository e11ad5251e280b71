package io.attnrec.core.experiment;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.FineTuneValidation;
import io.attnrec.core.model.Increment;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.TrainingData;
import io.attnrec.core.model.WarmStartConfig;
import io.attnrec.core.prep.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The data side of a warm start (issue 16): new data re-indexed so that the parent's ids stay
 * (append-only id maps), the checks that refuse data that does not belong to the parent, and the
 * choice of what the fine-tuning passes over (the users with new events plus a seeded replay of
 * the others).
 */
public final class WarmStarts {

    private WarmStarts() {}

    /**
     * {@code data} with the parent's user and item ids first, in the parent's order, and the ids it
     * adds after them in their order of first appearance. A parent's user or item absent from
     * {@code data} keeps its id (with an empty sequence): an id is never reused.
     */
    public static Dataset align(LoadedModel parent, Dataset data) {
        IdMap items = IdMap.of(true, parent.items().externalIds());
        for (String id : data.items().externalIds()) {
            items.add(id);
        }
        IdMap users = IdMap.of(false, parent.users().externalIds());
        for (String id : data.users().externalIds()) {
            users.add(id);
        }
        int n = users.size();
        int[][] sequences = new int[n][0];
        long[][] timestamps = new long[n][0];
        float[][] ratings = data.hasRatings() ? new float[n][0] : null;
        for (int u = 0; u < data.numUsers(); u++) {
            int to = users.get(data.users().external(u)).getAsInt();
            int[] seq = data.sequences()[u];
            int[] mapped = new int[seq.length];
            for (int i = 0; i < seq.length; i++) {
                mapped[i] = items.get(data.items().external(seq[i])).getAsInt();
            }
            sequences[to] = mapped;
            timestamps[to] = data.timestamps()[u];
            if (ratings != null) {
                ratings[to] = data.ratings()[u];
            }
        }
        return new Dataset(data.name(), users, items, sequences, timestamps, ratings, data.catalog());
    }

    /**
     * Refuses data that is not the parent's: another data set's name (when both are known), or
     * fewer than {@code config.minKnownShare()} of its interactions on items or by users the parent
     * knows.
     *
     * @param dataName the data's name, or null when it has none (events from a store)
     * @throws IllegalArgumentException naming the model directory and what does not match
     */
    public static void requireSameData(
            LoadedModel parent, String parentDir, String dataName, TrainingData aligned, WarmStartConfig config) {
        String parentData = parent.info().dataName();
        if (dataName != null && !parentData.isEmpty() && !parentData.equals(dataName)) {
            throw new IllegalArgumentException("model " + parentDir + " was trained on data set '" + parentData
                    + "', not '" + dataName + "'; a warm start continues on the same data set");
        }
        long known = 0;
        long total = 0;
        int parentItems = parent.items().size();
        int parentUsers = parent.users().size();
        for (int u = 0; u < aligned.numUsers(); u++) {
            for (int item : aligned.sequences()[u]) {
                total++;
                // a known user's events on new items belong to the parent's world too
                if (item <= parentItems || u < parentUsers) {
                    known++;
                }
            }
        }
        if (total > 0 && known < config.minKnownShare() * total) {
            throw new IllegalArgumentException(String.format(
                    java.util.Locale.ROOT,
                    "model %s is from another data set: only %.0f%% of the new data's interactions are on items"
                            + " or by users it knows (at least %.0f%% expected)",
                    parentDir,
                    100.0 * known / total,
                    100 * config.minKnownShare()));
        }
    }

    /**
     * Refuses an item table above {@code config.maxItems()}.
     *
     * @throws IllegalArgumentException naming the counts and the limit
     */
    public static void requireWithinLimit(int parentItems, int items, WarmStartConfig config) {
        if (config.maxItems() > 0 && items > config.maxItems()) {
            throw new IllegalArgumentException("the item table would grow to " + items + " items (" + parentItems
                    + " known + " + (items - parentItems) + " new), above the limit of " + config.maxItems()
                    + " (--max-items)");
        }
    }

    /**
     * The users whose training sequence differs from the one the parent trained on: new users,
     * and users with new (or changed) events.
     */
    public static int[] changedUsers(LoadedModel parent, TrainingData aligned) {
        int[][] before = parent.histories();
        List<Integer> changed = new ArrayList<>();
        for (int u = 0; u < aligned.numUsers(); u++) {
            int[] now = aligned.sequences()[u];
            if (now.length == 0) {
                continue;
            }
            if (u >= before.length || !Arrays.equals(before[u], now)) {
                changed.add(u);
            }
        }
        return changed.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Interactions beyond the parent's histories: for each changed user, what its sequence adds. */
    public static long eventsAdded(LoadedModel parent, TrainingData aligned, int[] changed) {
        long n = 0;
        int[][] before = parent.histories();
        for (int u : changed) {
            int[] now = aligned.sequences()[u];
            int[] old = u < before.length ? before[u] : new int[0];
            boolean extends_ = old.length <= now.length && Arrays.equals(old, 0, old.length, now, 0, old.length);
            n += extends_ ? now.length - old.length : now.length;
        }
        return n;
    }

    /**
     * What a warm start will do.
     *
     * @param increment what it learns from
     * @param recentUsers users with new events
     * @param replayedUsers unchanged users replayed beside them
     * @param eventsAdded interactions beyond the parent's histories
     */
    public record Plan(Increment increment, int recentUsers, int replayedUsers, long eventsAdded) {

        /** Nothing changed since the parent: no user has new events. */
        public boolean empty() {
            return recentUsers == 0;
        }
    }

    /**
     * Plans a warm start from {@code parent} on {@code aligned} (from {@link #align}): the changed
     * users' sequences and a seeded sample of {@code replayRatio} times as many unchanged users
     * (those with two or more items, the ones a next-item model learns from); every other
     * sequence empty. Its validation cases are those of the chosen users.
     *
     * @param rootSteps the steps of the training from scratch at the root of the parent's lineage
     *     ({@link io.attnrec.core.model.Manifest#rootTrainSteps}; 0 when not known): the budget's
     *     {@link WarmStartConfig#minStepShare} floor is a share of them
     */
    public static Plan plan(
            LoadedModel parent, TrainingData aligned, WarmStartConfig config, long seed, long rootSteps) {
        int[] changed = changedUsers(parent, aligned);
        boolean[] chosen = new boolean[aligned.numUsers()];
        for (int u : changed) {
            chosen[u] = true;
        }
        List<Integer> others = new ArrayList<>();
        for (int u = 0; u < aligned.numUsers(); u++) {
            if (!chosen[u] && aligned.sequences()[u].length >= 2) {
                others.add(u);
            }
        }
        int replay = (int) Math.min(others.size(), Math.round(config.replayRatio() * changed.length));
        // a partial Fisher-Yates shuffle: the first `replay` entries are a uniform sample
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5EEDL);
        for (int i = 0; i < replay; i++) {
            int j = i + rng.nextInt(others.size() - i);
            Integer t = others.get(i);
            others.set(i, others.get(j));
            others.set(j, t);
            chosen[others.get(i)] = true;
        }
        int[][] sequences = new int[aligned.numUsers()][];
        long[][] timestamps = new long[aligned.numUsers()][];
        float[][] ratings = aligned.ratings() == null ? null : new float[aligned.numUsers()][];
        for (int u = 0; u < aligned.numUsers(); u++) {
            sequences[u] = chosen[u] ? aligned.sequences()[u] : new int[0];
            timestamps[u] = chosen[u] ? aligned.timestamps()[u] : new long[0];
            if (ratings != null) {
                ratings[u] = chosen[u] ? aligned.ratings()[u] : new float[0];
            }
        }
        TrainingData fineTune = new TrainingData(
                aligned.numUsers(),
                aligned.numItems(),
                sequences,
                timestamps,
                ratings,
                aligned.items(),
                aligned.catalog(),
                validationCases(aligned, chosen, changed, config.validation()));
        long added = eventsAdded(parent, aligned, changed);
        Increment increment =
                new Increment(aligned, fineTune, parent.items().size(), config, config.stepBudget(added, rootSteps));
        return new Plan(increment, changed.length, replay, added);
    }

    /**
     * The fine-tuning's validation cases. Early stopping watches the users it trains on: the
     * recent ones (is the new data learnt?) and, by default, the replayed ones (is the old
     * forgotten?); the others' scores change only through shared weights and would hide both.
     * {@link FineTuneValidation#RECENT} keeps the recent users' cases alone, or all the trained
     * users' when the recent ones have none; {@link FineTuneValidation#NONE} none at all.
     */
    private static List<EvalCase> validationCases(
            TrainingData aligned, boolean[] chosen, int[] changed, FineTuneValidation rule) {
        if (rule == FineTuneValidation.NONE) {
            return List.of();
        }
        List<EvalCase> trained = aligned.validation().stream()
                .filter(c -> c.user() >= 0 && c.user() < chosen.length && chosen[c.user()])
                .toList();
        if (rule == FineTuneValidation.TRAINED) {
            return trained;
        }
        boolean[] recent = new boolean[chosen.length];
        for (int u : changed) {
            recent[u] = true;
        }
        List<EvalCase> cases = trained.stream().filter(c -> recent[c.user()]).toList();
        return cases.isEmpty() ? trained : cases;
    }
}
