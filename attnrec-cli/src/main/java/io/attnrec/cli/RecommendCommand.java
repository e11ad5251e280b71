package io.attnrec.cli;

import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.TopK;
import io.attnrec.core.multi.Interest;
import io.attnrec.core.multi.MultiInterest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code attnrec recommend}: top-k for a known user or an ad-hoc history, optionally explained. */
@Command(
        name = "recommend",
        mixinStandardHelpOptions = true,
        description = "Recommend items for a known user or a given history.")
final class RecommendCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "A directory written by attnrec train.")
    Path modelDir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Who who;

    static final class Who {
        @Option(names = "--user", paramLabel = "ID", description = "A user of the training data.")
        String user;

        @Option(names = "--history", split = ",", paramLabel = "ID", description = "Item ids, oldest first.")
        List<String> history;
    }

    @Option(names = "--k", defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--explain", description = "Show the history items (and weights) behind each recommendation.")
    boolean explain;

    @Override
    public Integer call() throws Exception {
        if (k < 1 || k > 10_000) {
            throw new IllegalArgumentException("--k must be between 1 and 10000, got " + k);
        }
        LoadedModel m = ModelArtifact.load(modelDir);
        int user;
        int[] history;
        if (who.user != null) {
            OptionalInt u = m.users().get(who.user);
            if (u.isEmpty()) {
                throw new IllegalArgumentException(
                        "unknown user '" + who.user + "' (not in the model's training data)");
            }
            user = u.getAsInt();
            history = m.histories()[user];
        } else {
            user = -1;
            List<Integer> known = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            for (String id : who.history) {
                OptionalInt i = m.items().get(id.trim());
                if (i.isPresent()) {
                    known.add(i.getAsInt());
                } else {
                    unknown.add(id.trim());
                }
            }
            if (!unknown.isEmpty()) {
                Cli.info("ignoring item(s) the model does not know: " + String.join(", ", unknown));
            }
            history = known.stream().mapToInt(Integer::intValue).toArray();
        }
        float[] scores = new float[m.model().numItems() + 1];
        m.model().score(user, history, scores);
        int[] top = TopK.select(scores, k, history);
        System.out.printf(
                "%s for %s (history of %d items):%n",
                m.info().model(), who.user != null ? "user " + who.user : "the given history", history.length);
        if (explain && m.model() instanceof MultiInterest mi) {
            printInterests(m, mi.explainInterests(user, history, 5));
        }
        for (int rank = 0; rank < top.length; rank++) {
            int item = top[rank];
            System.out.printf(
                    Locale.ROOT,
                    "%3d. %-12s %-50s score %.4f%n",
                    rank + 1,
                    m.items().external(item),
                    title(m, item),
                    scores[item]);
            if (explain) {
                printExplanation(m, user, history, item);
            }
        }
        return 0;
    }

    private static void printExplanation(LoadedModel m, int user, int[] history, int item) {
        if (!(m.model() instanceof Explainable explainable)) {
            System.out.println("       (model " + m.info().model() + " gives no explanations)");
            return;
        }
        Explanation e = explainable.explain(user, history, item);
        if (e.interest() >= 0) {
            System.out.println("       from interest #" + e.interest());
        }
        e.contributions().stream()
                .limit(5)
                .forEach(c -> System.out.printf(
                        Locale.ROOT,
                        "       because of %-12s %-40s weight %.3f%n",
                        m.items().external(c.item()),
                        title(m, c.item()),
                        c.weight()));
    }

    /** Each interest of a multi-interest model: the history items that form it and what it retrieves. */
    private static void printInterests(LoadedModel m, List<Interest> interests) {
        System.out.printf("%d interest(s):%n", interests.size());
        for (Interest in : interests) {
            System.out.printf("  interest #%d, formed by:%n", in.index());
            in.history().stream()
                    .limit(5)
                    .forEach(c -> System.out.printf(
                            Locale.ROOT,
                            "       %-12s %-40s weight %.3f%n",
                            m.items().external(c.item()),
                            title(m, c.item()),
                            c.weight()));
            List<String> top = new ArrayList<>();
            for (int item : in.topItems()) {
                top.add(m.items().external(item));
            }
            System.out.println("     retrieves: " + String.join(", ", top));
        }
    }

    private static String title(LoadedModel m, int item) {
        return m.catalog().get(m.items().external(item)).map(ItemMeta::title).orElse("");
    }
}
