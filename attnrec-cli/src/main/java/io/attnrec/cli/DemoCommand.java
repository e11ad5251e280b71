package io.attnrec.cli;

import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.TrainedModel;
import io.attnrec.core.experiment.UseCases;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.Models;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.report.ComparisonReport;
import io.attnrec.core.split.Split;
import io.attnrec.core.synth.SynthConfig;
import io.attnrec.core.synth.SyntheticWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code attnrec demo}: the whole loop on a synthetic world (or given data) in a couple of
 * minutes: data, baselines and attention models compared, the best saved, a recommendation
 * explained.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Generate a synthetic world (unless --data), compare the available models, save the best and explain"
                        + " a recommendation.")
final class DemoCommand implements Callable<Integer> {

    /** Baselines always; the attention models when their module is on the class path. */
    private static final List<String> CANDIDATES =
            List.of("pop", "itemknn", "ease", "bpr", "gru4rec:epochs=10", "lstm-attn:epochs=10", "sasrec:epochs=10");

    @Option(names = "--data", paramLabel = "DIR", description = "Use this data set instead of a synthetic world.")
    Path data;

    @Option(
            names = "--out",
            defaultValue = "runs/demo",
            paramLabel = "DIR",
            description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-serve", description = "Stop after the comparison instead of serving the model.")
    boolean noServe;

    @Option(names = "--port", defaultValue = "8080", description = "Port to serve on (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        Path dataDir = data;
        if (dataDir == null) {
            dataDir = out.resolve("world");
            SynthConfig config =
                    SynthConfig.defaults().withUsers(1500).withItems(600).withSeed(seed);
            SyntheticWorld.generate(config).writeTo(dataDir);
            Cli.info("wrote a synthetic world (" + config.users() + " users, " + config.items() + " items, "
                    + config.topics() + " topics, up to " + config.maxInterests() + " interests each) to " + dataDir);
        }
        Dataset d = Experiments.load(DataSpec.of(dataDir), Cli::info);
        Split split = Experiments.split(d, "loo", seed);
        List<ModelSpec> specs = new ArrayList<>();
        for (String c : CANDIDATES) {
            ModelSpec spec = ModelSpec.parse(c);
            if (Models.find(spec.name()).isPresent()) {
                specs.add(spec);
            }
        }
        // The model to save is chosen on validation, never on the test numbers.
        UseCases.Choice choice =
                UseCases.compareAndChoose(d, split, specs, EvalConfig.defaults(), seed, "ndcg@10", Cli::info);
        ComparisonReport report = choice.report();
        TrainedModel best = choice.best();
        double bestNdcg = choice.bestValidation();
        System.out.println();
        System.out.print(report.toText());
        Files.createDirectories(out);
        report.writeJson(out.resolve("report.json"));

        Path modelDir = out.resolve("model-" + best.spec().name());
        deleteIfPresent(modelDir);
        ArtifactInfo info = new ArtifactInfo(
                best.spec().name(),
                best.spec().options().asMap(),
                seed,
                d.name(),
                ModelArtifact.fingerprint(split.train()),
                Map.of("ndcg@10", bestNdcg),
                best.trainSeconds(),
                Map.of("path", dataDir.toAbsolutePath().normalize().toString(), "format", "auto"),
                UseCases.protocolOf(split));
        ModelArtifact.save(modelDir, best.model(), info, split.train(), d.users());
        System.out.printf(
                "%nbest on validation: %s (ndcg@10 %.4f), saved to %s%n%n",
                best.spec().text(), bestNdcg, modelDir);
        String someUser = d.users().external(0);
        int code = Main.run("recommend", "--model", modelDir.toString(), "--user", someUser, "--k", "5", "--explain");
        if (code != 0) {
            return code;
        }
        if (!noServe) {
            System.out.printf(
                    "%nserving %s%ndashboard: http://127.0.0.1:%d/%nREST API, for example:%n  curl 'http://127.0.0.1:%d/v1/users/%s/recommendations?k=5&explain=true'%n"
                            + "  curl -X POST http://127.0.0.1:%d/v1/events -H 'Content-Type: application/json' -d '{\"user\":\"%s\",\"item\":\"%s\"}'%n"
                            + "stop with Ctrl-C%n",
                    modelDir, port, port, someUser, port, someUser, d.items().external(1));
            ServeCommand.serve(io.attnrec.serve.ServerConfig.builder()
                    .models(modelDir)
                    .database("sqlite:" + out.resolve("events.db"))
                    .host("127.0.0.1")
                    .port(port)
                    .apiKeysFromEnvironment()
                    .readKeysFromEnvironment()
                    .build());
        }
        return 0;
    }

    private static void deleteIfPresent(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
