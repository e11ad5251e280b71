package io.attnrec.cli;

import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.explain.DeletionAttribution;
import io.attnrec.core.explain.Explainer;
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

    @Option(
            names = "--explain",
            description =
                    "Show, for each recommended item, the history items that raised its own score most (score drop when each is removed, one batched pass) and the model's attention weights beside them; the first 20 items are explained.")
    boolean explain;

    /** Explanation caps: the newest 200 history entries, the first 20 items (issue 19, issue 14 item 5). */
    private static final DeletionAttribution.Config EXPLAIN = DeletionAttribution.Config.defaults();

    /** Contributors shown per view and item. */
    private static final int SHOWN = 5;

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
        List<Explanation> explanations =
                explain ? Explainer.explain(m.model(), user, history, top, EXPLAIN, true) : List.of();
        if (explain && top.length > EXPLAIN.maxItems()) {
            Cli.info("explaining the first " + EXPLAIN.maxItems() + " of " + top.length + " items");
        }
        if (explain && history.length > EXPLAIN.maxHistory()) {
            Cli.info("attributing to the newest " + EXPLAIN.maxHistory() + " of " + history.length + " history items");
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
            if (explain && rank < explanations.size()) {
                printExplanation(m, explanations.get(rank));
            }
        }
        return 0;
    }

    private static void printExplanation(LoadedModel m, Explanation e) {
        if (e.method().equals(Explanation.NONE)) {
            return;
        }
        if (e.interest() >= 0) {
            System.out.println("       from interest #" + e.interest());
        }
        if (e.contributions().isEmpty()) {
            System.out.println("       (empty history: nothing to attribute)");
            return;
        }
        System.out.println("       attribution (score drop without the item):");
        e.contributions().stream()
                .limit(SHOWN)
                .forEach(c -> System.out.printf(
                        Locale.ROOT,
                        "         %+9.4f  %-12s %-40s (position %d)%n",
                        c.weight(),
                        m.items().external(c.item()),
                        title(m, c.item()),
                        c.position()));
        if (!e.attention().isEmpty()) {
            System.out.println(
                    e.interest() >= 0
                            ? "       interest #" + e.interest() + " is formed by:"
                            : "       attention view (the model's own weights):");
            e.attention().stream()
                    .limit(SHOWN)
                    .forEach(c -> System.out.printf(
                            Locale.ROOT,
                            "         %9.4f  %-12s %-40s (position %d)%n",
                            c.weight(),
                            m.items().external(c.item()),
                            title(m, c.item()),
                            c.position()));
        }
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
