package io.attnrec.core.multi;

import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs {@link InterestPurity} for a trained model on a split, without the CLI: finds the planted
 * truth beside the data, builds the probes and computes the result. Empty when the model has no
 * interest vectors or the data carries no planted truth.
 *
 * <p>Probes: under the user-split protocol, the held-out users (validation and test), each with
 * the history the protocol gives them (the first {@code history_fraction} of their sequence),
 * scored as new users ({@code -1}), as in evaluation; under other protocols, every user with a
 * training sequence, scored from that sequence.
 */
public final class InterestPurityRunner {

    /** Items read per interest: ComiRec's smaller cut-off. */
    public static final int DEFAULT_TOP_N = 20;

    private InterestPurityRunner() {}

    /**
     * @param dataPath the path the data was loaded from (the truth files lie beside it)
     */
    public static Optional<InterestPurity.Result> run(Recommender model, Dataset data, Split split, Path dataPath)
            throws IOException {
        if (!(model instanceof MultiInterest mi)) {
            return Optional.empty();
        }
        Optional<PlantedTruth> truth = PlantedTruth.find(dataPath);
        if (truth.isEmpty()) {
            return Optional.empty();
        }
        return compute(mi, data, truth.get(), probes(data, split, truth.get()));
    }

    /**
     * As {@link #run(Recommender, Dataset, Split, Path)}, probing only the held-out users of
     * {@code cases} (e.g. the split's validation cases, so that a setting is chosen without
     * reading the test users; under the user split a case is matched to its user by its history).
     */
    public static Optional<InterestPurity.Result> run(
            Recommender model, Dataset data, Split split, Path dataPath, List<EvalCase> cases) throws IOException {
        if (!(model instanceof MultiInterest mi)) {
            return Optional.empty();
        }
        Optional<PlantedTruth> truth = PlantedTruth.find(dataPath);
        if (truth.isEmpty()) {
            return Optional.empty();
        }
        Set<List<Integer>> histories = new HashSet<>();
        for (EvalCase c : cases) {
            histories.add(asList(c.history()));
        }
        List<InterestPurity.Probe> chosen = new ArrayList<>();
        for (InterestPurity.Probe p : probes(data, split, truth.get())) {
            if (histories.contains(asList(p.history()))) {
                chosen.add(p);
            }
        }
        return compute(mi, data, truth.get(), chosen);
    }

    private static List<Integer> asList(int[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static Optional<InterestPurity.Result> compute(
            MultiInterest mi, Dataset data, PlantedTruth truth, List<InterestPurity.Probe> probes) {
        if (probes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(InterestPurity.compute(mi, probes, truth.topicOfItem(data.items()), DEFAULT_TOP_N));
    }

    static List<InterestPurity.Probe> probes(Dataset data, Split split, PlantedTruth truth) {
        List<InterestPurity.Probe> probes = new ArrayList<>();
        int[][] train = split.train().sequences();
        boolean userSplit = split.protocol().equals("user");
        double fraction =
                userSplit && split.settings().get("history_fraction") instanceof Number n ? n.doubleValue() : 0.8;
        for (int u = 0; u < data.numUsers(); u++) {
            int[] topics = truth.topicsOfUser(data.users().external(u));
            if (userSplit) {
                int[] s = data.sequences()[u];
                if (train[u].length > 0 || s.length < 2) {
                    continue;
                }
                int h = Math.max(1, (int) Math.floor(fraction * s.length));
                probes.add(new InterestPurity.Probe(-1, Arrays.copyOf(s, h), topics));
            } else if (train[u].length > 0) {
                probes.add(new InterestPurity.Probe(u, train[u], topics));
            }
        }
        return probes;
    }
}
