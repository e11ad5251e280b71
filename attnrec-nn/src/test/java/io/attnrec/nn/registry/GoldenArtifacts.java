package io.attnrec.nn.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.ModelProvider;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Persistable;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the golden artifacts that {@link GoldenArtifactTest} reloads: one small saved model per
 * registered family, trained on {@link TinyWorld}, plus the scores it gave the probe histories
 * before it was saved. Run it only when a model format changes on purpose (and add a migration):
 *
 * <pre>
 * mvn -o -q -pl attnrec-nn -am test-compile
 * java -cp ... io.attnrec.nn.registry.GoldenArtifacts attnrec-nn/src/test/resources/golden [FAMILY,...]
 * </pre>
 *
 * With a list of families only those are written (a new family gets its artifact without the
 * others being rewritten).
 *
 * The artifacts checked in were written by the code of commit 87c2d3f (format before issue 13).
 */
public final class GoldenArtifacts {

    /** Models without a saved form of their own: `saved` wraps another model's artifact. */
    static final Set<String> NOT_GOLDEN = Set.of("saved");

    static final long SEED = 5L;

    private GoldenArtifacts() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "attnrec-nn/src/test/resources/golden");
        TrainingData data = TinyWorld.data();
        int[][] probes = TinyWorld.probeHistories(data);
        Set<String> only = args.length > 1 ? Set.of(args[1].split(",")) : null;
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (ModelProvider provider : Models.all()) {
            if (NOT_GOLDEN.contains(provider.name()) || (only != null && !only.contains(provider.name()))) {
                continue;
            }
            Map<String, String> options = SmallOptions.of(provider.name());
            Recommender model = provider.train(data, new ModelOptions(options), SEED);
            if (!(model instanceof Persistable)) {
                System.out.println("skipped (cannot be saved): " + provider.name());
                continue;
            }
            Path dir = out.resolve(provider.name());
            Files.createDirectories(dir);
            ArtifactInfo info = new ArtifactInfo(
                    provider.name(), options, SEED, "tiny-world", ModelArtifact.fingerprint(data), Map.of(), 0.0);
            ModelArtifact.save(dir.resolve("artifact"), model, info, data, TinyWorld.users());
            float[][] scores = new float[probes.length][data.numItems() + 1];
            model.scoreBatch(TinyWorld.PROBE_USERS, probes, scores);
            Map<String, Object> probe = new LinkedHashMap<>();
            probe.put("users", TinyWorld.PROBE_USERS);
            probe.put("histories", probes);
            probe.put("scores", List.of(scores));
            json.writeValue(dir.resolve("probe.json").toFile(), probe);
            if (model instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            System.out.println("wrote " + dir);
        }
    }
}
