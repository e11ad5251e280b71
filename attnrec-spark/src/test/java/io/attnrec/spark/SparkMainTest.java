package io.attnrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnrec.core.data.DataLoaders;
import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.TrainedModel;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.prep.Preparer;
import io.attnrec.core.split.Split;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three commands end to end on local[2], and their errors. */
class SparkMainTest {

    @TempDir
    Path tmp;

    private static int run(ByteArrayOutputStream err, String... args) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return SparkMain.run(args);
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void prepareThenEvaluateWritesTheSingleMachineReportAndRecommendWritesParquet() throws Exception {
        Path log = SparkPrepareTest.syntheticLog(Files.createDirectories(tmp.resolve("raw")));
        Path prepared = tmp.resolve("prepared");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(
                err,
                "prepare",
                "--master",
                "local[2]",
                "--partitions",
                "2",
                "--data",
                log.toString(),
                "--column",
                "user=customer",
                "--column",
                "item=product",
                "--column",
                "timestamp=when",
                "--column",
                "rating=stars",
                "--dedup",
                "--k-core",
                "3",
                "--out",
                prepared.toString());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(PreparedData.isPrepared(prepared)).isTrue();

        // a model trained on the prepared folder by the single-machine code
        Dataset d = Preparer.prepare(DataLoaders.load(prepared, "auto", LoadOptions.strict()), PrepConfig.none());
        Split split = Experiments.split(d, "loo", 42);
        TrainedModel pop = Experiments.train(split, ModelSpec.parse("pop"), 42);
        Path model = tmp.resolve("model");
        ModelArtifact.save(
                model,
                pop.model(),
                new ArtifactInfo(
                        "pop", Map.of(), 42, d.name(), ModelArtifact.fingerprint(split.train()), Map.of(), 0.1),
                split.train(),
                d.users());

        Path json = tmp.resolve("report.json");
        code = run(
                err,
                "evaluate",
                "--master",
                "local[2]",
                "--model",
                model.toString(),
                "--data",
                prepared.toString(),
                "--k",
                "5,10",
                "--json",
                json.toString());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        LoadedModel loaded = ModelArtifact.load(model);
        EvalConfig config = new EvalConfig(new int[] {5, 10}, 2, 0, 42);
        var single = Experiments.savedModelReport(
                d, split, loaded, new Evaluator(config, split.train()).evaluate(loaded.model(), split.test()));
        Path expectedJson = tmp.resolve("expected.json");
        single.writeJson(expectedJson);
        ObjectMapper om = new ObjectMapper();
        JsonNode actual = om.readTree(json.toFile());
        JsonNode expected = om.readTree(expectedJson.toFile());
        assertThat(actual.get("dataset")).isEqualTo(expected.get("dataset"));
        assertThat(actual.get("protocol")).isEqualTo(expected.get("protocol"));
        JsonNode am = actual.get("results").get(0).get("metrics");
        JsonNode em = expected.get("results").get(0).get("metrics");
        assertThat(am.size()).isEqualTo(em.size()).isGreaterThan(10);
        for (Iterator<String> it = em.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            assertThat(am.get(k).asDouble()).as(k).isCloseTo(em.get(k).asDouble(), within(1e-9));
        }

        Path top = tmp.resolve("top");
        code = run(
                err,
                "recommend",
                "--master",
                "local[2]",
                "--model",
                model.toString(),
                "--k",
                "3",
                "--out",
                top.toString());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        try (var files = Files.list(top)) {
            assertThat(files.anyMatch(p -> p.toString().endsWith(".parquet"))).isTrue();
        }
    }

    @Test
    void badInputIsOneLineAndBadUsageIsExitCodeTwo() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(err, "prepare", "--data", "x")).isEqualTo(2); // no --out
        err.reset();
        int code = run(
                err,
                "prepare",
                "--master",
                "local[1]",
                "--data",
                tmp.resolve("missing.csv").toString(),
                "--out",
                tmp.resolve("o").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("attnrec spark:")))
                .containsExactly("attnrec spark: error: no such file or directory: " + tmp.resolve("missing.csv"));
        Path broken = tmp.resolve("broken.csv");
        Files.write(broken, List.of("user,item,timestamp", "a,x,5", "b,y,later"));
        err.reset();
        code = run(
                err,
                "prepare",
                "--master",
                "local[1]",
                "--data",
                broken.toString(),
                "--out",
                tmp.resolve("o2").toString());
        assertThat(code).isEqualTo(1);
        String message = err.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith("attnrec spark: error:"))
                .findFirst()
                .orElseThrow();
        assertThat(message)
                .endsWith(
                        "broken.csv: record 2 (line 3): field 'timestamp' is neither a number nor an ISO-8601 date/time: 'later'");
    }
}
