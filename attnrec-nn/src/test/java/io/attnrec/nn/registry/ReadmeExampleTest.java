package io.attnrec.nn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.TrainedModel;
import io.attnrec.core.model.Explainable;
import io.attnrec.core.model.Explanation;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.TopK;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "attnrec as a Java library" example, compiled and run: load, split, train,
 * evaluate, recommend with an explanation. The README must show this code verbatim (between
 * the markers), so the example cannot go stale.
 */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRunsAndTheReadmeShowsIt(@TempDir Path tmp) throws Exception {
        Path path = walkFile(tmp);

        // readme:start
        Dataset data = Experiments.load(DataSpec.of(path), System.err::println);
        Split split = Experiments.split(data, "loo", 42);
        TrainedModel sasrec = Experiments.train(split, ModelSpec.parse("sasrec:epochs=20:dim=16:max_len=10"), 42);
        EvaluationResult test =
                new Evaluator(EvalConfig.defaults(), split.train()).evaluate(sasrec.model(), split.test());
        System.out.println("test ndcg@10 = " + test.metrics().get("ndcg@10"));

        int[] history = split.train().sequences()[0];
        float[] scores = new float[sasrec.model().numItems() + 1];
        sasrec.model().score(0, history, scores);
        int[] top5 = TopK.select(scores, 5, history);
        Explanation why = ((Explainable) sasrec.model()).explain(0, history, top5[0]);
        System.out.println(data.items().external(top5[0]) + " because of " + why.contributions());
        // readme:end

        assertThat(test.metrics().get("ndcg@10")).isGreaterThan(0.3);
        assertThat(top5).hasSize(5);
        assertThat(why.contributions()).isNotEmpty();
        // and the same model saves and reloads
        ModelArtifact.save(
                tmp.resolve("model"),
                sasrec.model(),
                new io.attnrec.core.model.ArtifactInfo(
                        "sasrec",
                        java.util.Map.of(),
                        42,
                        data.name(),
                        ModelArtifact.fingerprint(split.train()),
                        java.util.Map.of(),
                        0),
                split.train(),
                data.users());
        assertThat(ModelArtifact.load(tmp.resolve("model")).model().numItems())
                .isEqualTo(sasrec.model().numItems());

        Path readme = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "README.md");
        if (!Files.isRegularFile(readme)) {
            readme = Path.of("..", "README.md");
        }
        String shown = normalise(Files.readString(readme));
        String source = Files.readString(Path.of("src/test/java/io/attnrec/nn/registry/ReadmeExampleTest.java"));
        String example = source.substring(source.indexOf("// readme:start") + 15, source.indexOf("// readme:end"));
        assertThat(shown).as("README.md shows the example of ReadmeExampleTest").contains(normalise(example));
    }

    private static String normalise(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    /** 80 users walking through 30 items in order: the next item is predictable. */
    private static Path walkFile(Path dir) throws Exception {
        SplittableRandom rnd = new SplittableRandom(3);
        List<String> lines = new ArrayList<>();
        for (int u = 1; u <= 80; u++) {
            int start = rnd.nextInt(30);
            for (int i = 0; i < 8; i++) {
                lines.add(u + " " + (1 + (start + i) % 30));
            }
        }
        return Files.write(dir.resolve("walk.txt"), lines);
    }
}
