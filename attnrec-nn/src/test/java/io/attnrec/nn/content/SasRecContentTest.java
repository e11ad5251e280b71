package io.attnrec.nn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.data.IdMap;
import io.attnrec.core.model.ArtifactInfo;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.Recommender;
import io.attnrec.nn.sasrec.SasRecConfig;
import io.attnrec.nn.sasrec.SasRecProvider;
import io.attnrec.nn.seq.SequenceRecommender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SASRec with {@code content=true} on {@link TopicWorld}: cold items scored from content alone. */
class SasRecContentTest {

    private static final TopicWorld WORLD = new TopicWorld(5, 6, 40, 3L);
    private static final Map<String, String> SMALL = Map.of(
            "max_len", "12",
            "dim", "32",
            "blocks", "1",
            "heads", "1",
            "dropout", "0.1",
            "epochs", "8",
            "batch_size", "32",
            "lr", "0.01",
            "progress", "false");

    private static SequenceRecommender<SasRecConfig> withContent;
    private static SequenceRecommender<SasRecConfig> withoutContent;

    @BeforeAll
    static void train() {
        withContent = train(Map.of("content", "true", "content_buckets", "256"), 7L);
        withoutContent = train(Map.of(), 7L);
    }

    @AfterAll
    static void release() {
        withContent.close();
        withoutContent.close();
    }

    private static SequenceRecommender<SasRecConfig> train(Map<String, String> overrides, long seed) {
        return (SequenceRecommender<SasRecConfig>)
                Models.require("sasrec").train(WORLD.data, new ModelOptions(SMALL).with(overrides), seed);
    }

    @Test
    void aColdItemWithItsTopicsWordsRanksHighOnlyWithContent() {
        // 35 items; the user's own topic has 6 warm items, so a top 10 leaves room for the cold
        // item only if it beats the other topics' items
        assertThat(WORLD.coldHitRate(withContent, 10)).isGreaterThan(0.9);
        assertThat(WORLD.coldHitRate(withoutContent, 10)).isLessThan(0.2);
    }

    @Test
    void theColdItemsRowIsItsContentAloneAndTheOptionsSayContent() {
        assertThat(withContent.config().content().enabled()).isTrue();
        assertThat(withContent.config().toOptions()).containsEntry("content", "true");
        assertThat(withoutContent.config().toOptions()).containsEntry("content", "false");
        assertThat(withoutContent.config().toOptions()).doesNotContainKey("content_buckets");
        // the cold item and the popular item share their features; only the popular one has an
        // ID embedding, so the two rows differ by exactly that embedding
        float[] cold = withContent.itemVector(WORLD.coldItem(2));
        float[] popular = withContent.itemVector(WORLD.warmItem(2, 0));
        assertThat(cold).isNotEqualTo(popular);
        assertThat(dot(cold, popular)).isGreaterThan(0);
    }

    @Test
    void warmItemsStillRankByTopicAndTheSameSeedGivesTheSameScores() {
        assertThat(WORLD.warmTopicPrecision(withContent, 5)).isGreaterThan(0.9);
        SequenceRecommender<SasRecConfig> again = train(Map.of("content", "true", "content_buckets", "256"), 7L);
        try {
            float[] a = new float[WORLD.numItems + 1];
            float[] b = new float[WORLD.numItems + 1];
            for (int u : new int[] {0, 17, 101}) {
                withContent.score(u, WORLD.data.sequences()[u], a);
                again.score(u, WORLD.data.sequences()[u], b);
                assertThat(b).containsExactly(a);
            }
        } finally {
            again.close();
        }
    }

    @Test
    void saveAndLoadGiveIdenticalScores(@TempDir Path dir) throws Exception {
        Path artifact = dir.resolve("artifact");
        IdMap users = IdMap.of(
                false,
                IntStream.range(0, WORLD.data.numUsers()).mapToObj(u -> "u" + u).toList());
        ArtifactInfo info = new ArtifactInfo(
                "sasrec",
                withContent.config().toOptions(),
                7L,
                "topic-world",
                ModelArtifact.fingerprint(WORLD.data),
                Map.of(),
                1.0);
        ModelArtifact.save(artifact, withContent, info, WORLD.data, users);
        assertThat(artifact.resolve("model").resolve(ItemContent.FILE)).exists();
        LoadedModel loaded = ModelArtifact.load(artifact);
        try {
            float[] before = new float[WORLD.numItems + 1];
            float[] after = new float[WORLD.numItems + 1];
            for (int u : new int[] {3, 44}) {
                withContent.score(u, WORLD.data.sequences()[u], before);
                loaded.model().score(u, loaded.histories()[u], after);
                assertThat(after).containsExactly(before);
            }
            // a history that contains a cold item reads its content embedding as input
            int[] history = {WORLD.warmItem(1, 2), WORLD.coldItem(1)};
            withContent.score(-1, history, before);
            loaded.model().score(-1, history, after);
            assertThat(after).containsExactly(before);
        } finally {
            ((SequenceRecommender<SasRecConfig>) loaded.model()).close();
        }
    }

    @Test
    void loadFailsClearlyWithoutTheContentFile(@TempDir Path dir) throws Exception {
        withContent.save(dir);
        Files.delete(dir.resolve(ItemContent.FILE));
        assertThatThrownBy(() -> new SasRecProvider().load(dir))
                .hasMessageContaining(ItemContent.FILE)
                .hasMessageContaining("missing");
    }

    @Test
    void contentWithoutMetadataIsAClearError() {
        TopicWorld bare = new TopicWorld(2, 3, 4, 1L, false);
        Recommender[] out = new Recommender[1];
        assertThatThrownBy(() -> out[0] = Models.require("sasrec")
                        .train(bare.data, new ModelOptions(SMALL).with(Map.of("content", "true")), 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs item metadata");
        assertThat(out[0]).isNull();
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
