package io.attnrec.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.eval.RatingMetrics;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.prep.PrepConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MovieLens-100K fold u1, when the shared data folder is present (skipped otherwise). */
class RealRatingDataTest {

    private static Path ml100k() {
        String shared = System.getProperty("attnrec.shared.data", "../shared/data");
        Path dir = Path.of(shared, "ml-100k");
        assumeTrue(
                Files.isRegularFile(dir.resolve("u1.base")),
                "skipped: MovieLens-100K not found at " + dir + " (set -Dattnrec.shared.data)");
        return dir;
    }

    @Test
    void biasedMfOnFoldOneIsWellBelowTheMeanBaseline() throws IOException {
        List<RatingFolds.Fold> folds =
                RatingFolds.read(ml100k(), "auto", LoadOptions.strict(), PrepConfig.none(), 1, 42);
        RatingFolds.Fold f = folds.get(0);
        assertThat(f.train().numInteractions()).isEqualTo(80_000);
        assertThat(f.size()).isEqualTo(20_000);
        BiasedMf m = BiasedMf.train(f.train(), BiasedMfConfig.from(ModelOptions.empty()), 42L);
        float[] pred = RatingProtocol.predict(m, f);
        double rmse = RatingMetrics.rmse(pred, f.testRatings());
        // The global mean scores about 1.15 on u1; published biased MF about 0.92-0.95.
        assertThat(rmse).isLessThan(0.95);
    }
}
