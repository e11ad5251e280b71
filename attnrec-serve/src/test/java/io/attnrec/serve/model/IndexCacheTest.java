package io.attnrec.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.serve.retrieval.HnswConfig;
import io.attnrec.serve.retrieval.Ranked;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.testmodels.TinySequences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HNSW index of an artifact is kept beside it and reused while model and settings match. */
class IndexCacheTest {

    private static final RetrievalConfig ANN = RetrievalConfig.defaults().withAnnThreshold(1);
    private static final int[] HISTORY = {40, 41, 42};

    @TempDir
    Path dir;

    /** What an activation gave: whether the index came from disk, and a recommendation list. */
    private record Activation(boolean reused, List<Integer> items) {}

    /** Activates {@code m} from a fresh registry (as after a restart). */
    private static Activation activate(Path models, RetrievalConfig retrieval) throws Exception {
        try (ModelRegistry registry = ModelRegistry.open(models, retrieval)) {
            assertThat(registry.list()).extracting(ModelRegistry.Entry::name).containsExactly("m");
            registry.activate("m");
            try (ModelRegistry.Lease lease = registry.lease()) {
                ActiveModel m = lease.model();
                assertThat(m.usesAnn()).isTrue();
                Ranked r = m.recommend(-1, HISTORY, 10, null, 0).ranked();
                assertThat(r.size()).isEqualTo(10);
                return new Activation(
                        m.indexReused(), Arrays.stream(r.items()).boxed().toList());
            }
        }
    }

    @Test
    void theIndexIsBuiltOnceAndReopenedUntilTheModelChanges() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TinySequences.sasrecArtifact(models.resolve("m"), 1L);
        Path home = models.resolve(".m.hnsw");

        Activation first = activate(models, ANN);
        assertThat(first.reused()).isFalse();
        assertThat(home.resolve(IndexCache.KEY_FILE)).exists();
        String key = Files.readString(home.resolve(IndexCache.KEY_FILE));
        // the artifact itself is untouched (its checksum covers every file in it)
        try (Stream<Path> s = Files.list(models)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("m", ".m.hnsw");
        }

        Activation second = activate(models, ANN);
        assertThat(second.reused()).isTrue();
        assertThat(second.items()).isEqualTo(first.items());

        // other graph settings: a different index
        RetrievalConfig m16 = new RetrievalConfig(
                1, new HnswConfig(16, 100, 20, 100, false, 1), null, ANN.maxBatch(), ANN.batchThreads());
        assertThat(activate(models, m16).reused()).isFalse();
        assertThat(activate(models, m16).reused()).isTrue();

        // a retrained model in the same place: rebuilt under a new key
        ActiveModel.deleteTree(models.resolve("m"));
        TinySequences.sasrecArtifact(models.resolve("m"), 2L);
        assertThat(activate(models, ANN).reused()).isFalse();
        assertThat(Files.readString(home.resolve(IndexCache.KEY_FILE))).isNotEqualTo(key);
        assertThat(activate(models, ANN).reused()).isTrue();
    }

    @Test
    void aDamagedIndexIsRebuilt() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TinySequences.sasrecArtifact(models.resolve("m"), 1L);
        Activation first = activate(models, ANN);
        Path home = models.resolve(".m.hnsw");
        try (Stream<Path> s = Files.list(home)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().equals(IndexCache.KEY_FILE))
                    .toList()) {
                Files.delete(p);
            }
        }

        Activation again = activate(models, ANN);
        assertThat(again.reused()).isFalse();
        assertThat(again.items()).isEqualTo(first.items());
        assertThat(activate(models, ANN).reused()).isTrue();
        // no temporary folders left beside the artifact
        try (Stream<Path> s = Files.list(models)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("m", ".m.hnsw");
        }
    }
}
