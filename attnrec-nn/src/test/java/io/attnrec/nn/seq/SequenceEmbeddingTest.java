package io.attnrec.nn.seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.EmbeddingModel;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.nn.testing.NextItemWorld;
import io.attnrec.nn.train.LossKind;
import io.attnrec.nn.train.TrainConfig;
import io.attnrec.nn.train.Trainer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedding view of the sequential models (what the server's ANN retrieval relies on): the
 * inner product of the user vector with every item vector is exactly the model's score.
 */
class SequenceEmbeddingTest {

    private static final NextItemWorld WORLD = new NextItemWorld(60, 30, 5, 14, 3L);

    /** Short, exactly max_len, longer than max_len (truncated to the newest 8), and unknown user. */
    private static final int[][] HISTORIES = {
        {4}, {1, 2, 3, 4, 5, 6, 7, 8}, {30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19}, {9, 9, 9}
    };

    private static final int[] USERS = {0, 1, 2, -1};

    @ParameterizedTest
    @ValueSource(strings = {"sasrec", "lstm-attn", "gru4rec"})
    void dotProductsOfTheVectorsAreTheScores(String name) {
        Map<String, String> options =
                Map.of("max_len", "8", "dim", "16", "epochs", "1", "batch_size", "32", "progress", "false");
        try (SequenceRecommender model =
                (SequenceRecommender) Models.require(name).train(WORLD.data, new ModelOptions(options), 7L)) {
            EmbeddingModel embedding = model;
            assertThat(embedding.dimension()).isEqualTo(16);
            assertScoresAreDots(model);

            float[] before = embedding.itemVector(5).clone();
            // more training changes the item table in place: the copy behind itemVector must follow
            TrainConfig more = new TrainConfig(1, 32, 0.05, 0.0, 10, 1, LossKind.CE, 8, 0.75, 0, false, null, 0);
            new Trainer(more).withValidator(r -> 0).fit(model, WORLD.data, 8L);
            assertThat(embedding.itemVector(5)).isNotEqualTo(before);
            assertScoresAreDots(model);

            assertThatThrownBy(() -> embedding.itemVector(0)).hasMessageContaining("0 is not in 1..30");
            assertThatThrownBy(() -> embedding.itemVector(31)).hasMessageContaining("31 is not in 1..30");
        }
    }

    private static void assertScoresAreDots(SequenceRecommender model) {
        float[] scores = new float[WORLD.numItems + 1];
        for (int h = 0; h < HISTORIES.length; h++) {
            model.score(USERS[h], HISTORIES[h], scores);
            float[][] user = model.userVectors(USERS[h], HISTORIES[h]);
            assertThat(user).hasNumberOfRows(1);
            assertThat(user[0]).hasSize(16);
            for (int item = 1; item <= WORLD.numItems; item++) {
                float[] v = model.itemVector(item);
                double dot = 0;
                for (int d = 0; d < v.length; d++) {
                    dot += (double) user[0][d] * v[d];
                }
                assertThat(dot).as("%s item %d", model.name(), item).isCloseTo(scores[item], within(1e-5));
            }
        }
    }
}
