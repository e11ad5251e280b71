package io.attnrec.serve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.serve.retrieval.HnswConfig;
import io.attnrec.serve.retrieval.RetrievalConfig;
import io.attnrec.serve.testmodels.ClusterDotModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path dir;

    static ServedModel model(String name, int n) {
        float[][] v = new float[n + 1][];
        int[] cluster = new int[n + 1];
        v[0] = new float[2];
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            v[i] = new float[] {(float) Math.cos(i), (float) Math.sin(i)};
            items.add("i" + i);
        }
        return new ServedModel(
                name,
                new ClusterDotModel(v, cluster),
                IdMap.of(false, List.of("u")),
                IdMap.of(true, items),
                new int[][] {{1, 2}},
                ItemCatalog.empty(),
                null);
    }

    private long indexFolders() throws Exception {
        if (!Files.isDirectory(dir.resolve("idx"))) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir.resolve("idx"))) {
            return s.count();
        }
    }

    @Test
    void aLeaseKeepsTheOldIndexAliveUntilItIsReturned() throws Exception {
        RetrievalConfig retrieval = new RetrievalConfig(10, HnswConfig.defaults(), dir.resolve("idx"));
        try (ModelRegistry registry = ModelRegistry.of(List.of(model("a", 200), model("b", 300)), retrieval)) {
            registry.activate("a");
            ModelRegistry.Lease inFlight = registry.lease();
            ActiveModel old = inFlight.model();
            assertThat(old.usesAnn()).isTrue();
            assertThat(old.references()).isEqualTo(2); // registry + request

            registry.activate("b");

            // The request that started on "a" still gets answers from a's index.
            assertThat(old.references()).isEqualTo(1);
            assertThat(old.recommend(0, new int[] {1}, 5, null, 0).ranked().size())
                    .isEqualTo(5);
            assertThat(indexFolders()).isEqualTo(2);
            try (ModelRegistry.Lease now = registry.lease()) {
                assertThat(now.model().served().name()).isEqualTo("b");
            }

            inFlight.close();

            assertThat(old.references()).isZero();
            assertThat(indexFolders()).isEqualTo(1); // a's index files are gone, b's remain
            inFlight.close(); // closing twice does not release twice
            assertThat(registry.activeName()).contains("b");
        }
        assertThat(indexFolders()).isZero();
    }

    @Test
    void unknownNamesAndEmptyRegistriesAreRefused() {
        ModelRegistry registry = ModelRegistry.of(List.of(model("a", 5)), RetrievalConfig.defaults());

        assertThatThrownBy(() -> registry.activate("zzz"))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("available: a");
        assertThatThrownBy(registry::lease).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ModelRegistry.open(dir, RetrievalConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no model artifacts");
        assertThatThrownBy(() -> ModelRegistry.of(List.of(model("a", 5), model("a", 6)), RetrievalConfig.defaults()))
                .hasMessageContaining("two models are named 'a'");
    }

    @Test
    void servedModelChecksItsParts() {
        ServedModel ok = model("ok", 5);
        assertThatThrownBy(() -> new ServedModel(
                        "bad name!", ok.model(), ok.users(), ok.items(), ok.histories(), ok.catalog(), null))
                .hasMessageContaining("model name");
        assertThatThrownBy(() -> new ServedModel(
                        "x", ok.model(), ok.users(), IdMap.of(true, List.of("a")), ok.histories(), ok.catalog(), null))
                .hasMessageContaining("scores 5 items but its item map has 1");
        assertThatThrownBy(() ->
                        new ServedModel("x", ok.model(), ok.users(), ok.items(), new int[0][], ok.catalog(), null))
                .hasMessageContaining("training histories");
    }
}
