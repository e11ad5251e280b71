package io.attnrec.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** I-AutoRec's own behaviour: its hand-written gradient, the fallbacks, what a prediction reads. */
class AutoRecTest {

    private static final RatingFixtures.Planted DATA = RatingFixtures.planted(30, 20, 3);

    private static AutoRecConfig small(double reg, int layers) {
        return new AutoRecConfig(5, reg, 0.01, 4, 0.3, 10, 3, 0.0, false, layers);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void gradientMatchesFiniteDifferencesOfTheObjective(int layers) {
        RatingSet set = RatingSet.from(DATA.train(), "test");
        double reg = 0.7;
        AutoRec.Learner learner = new AutoRec.Learner(small(reg, layers), set, new SplittableRandom(4));
        int[] items = {1, 4, 9, 17};
        float[][] analytic = learner.gradient(items, reg);
        float[][] params = learner.parameters();
        SplittableRandom pick = new SplittableRandom(8);
        String[] names = layers == 1 ? new String[] {"V", "b", "W", "c"} : new String[] {"V", "b", "U", "b2", "W", "c"};
        assertThat(params.length).isEqualTo(names.length);
        for (int t = 0; t < params.length; t++) {
            int checked = 0;
            for (int tries = 0; tries < 200 && checked < 6; tries++) {
                int k = pick.nextInt(params[t].length);
                float x = params[t][k];
                double eps = 1e-2;
                params[t][k] = (float) (x + eps);
                double up = learner.objective(items, reg);
                params[t][k] = (float) (x - eps);
                double down = learner.objective(items, reg);
                params[t][k] = x;
                double numeric = (up - down) / (2 * eps);
                if (Math.abs(numeric) < 1e-3 && Math.abs(analytic[t][k]) < 1e-3) {
                    continue; // a user who rated none of these items: nothing to compare
                }
                assertThat((double) analytic[t][k])
                        .as("d objective / d %s[%d]", names[t], k)
                        .isCloseTo(numeric, within(2e-2 * Math.max(1, Math.abs(numeric))));
                checked++;
            }
            assertThat(checked).as("coordinates of %s checked", names[t]).isGreaterThan(0);
        }
    }

    @Test
    void unknownUsersAndItemsGetTheBaselineOfTheHistoryTheyBring() {
        AutoRec m = AutoRec.train(DATA.train(), small(0.1, 1), 5L);
        Baseline base = Baseline.of(RatingSet.from(DATA.train(), "test"));
        int[] hist = {1, 2, 3};
        float[] rs = {5, 4, 5};
        float expected = m.scale().clip(base.mu + Baseline.userBias(base.mu, base.itemBias, hist, rs) + base.item(7));
        assertThat(m.predict(-1, hist, rs, 7)).isEqualTo(expected);
        assertThat(m.predict(DATA.train().numUsers(), hist, rs, 7)).isEqualTo(expected);
        // a known user and an item outside the catalogue: mu + the user's bias
        assertThat(m.predict(3, hist, rs, 999)).isEqualTo(m.scale().clip(base.mu + base.userBias[3]));
    }

    @Test
    void aKnownUsersPredictionReadsTheTrainingRatingsNotTheGivenHistory() {
        AutoRec m = AutoRec.train(DATA.train(), small(0.1, 1), 5L);
        int u = 2;
        float a = m.predict(u, DATA.train().sequences()[u], DATA.train().ratings()[u], 6);
        float b = m.predict(u, new int[0], null, 6);
        assertThat(b).isEqualTo(a);
        // ranking scores the same reconstruction, unclipped
        float[] scores = new float[DATA.train().numItems() + 1];
        m.score(u, new int[0], scores);
        assertThat(m.scale().clip(scores[6])).isEqualTo(a);
    }

    @Test
    void optionsAreReadFromTheRecordAndCheckedWithTheModelsName() {
        assertThat(AutoRecConfig.from(ModelOptions.parsePairs("hidden=32,reg=5")))
                .isEqualTo(new AutoRecConfig(
                        32,
                        5,
                        AutoRecConfig.defaults().lr(),
                        AutoRecConfig.defaults().batch(),
                        AutoRecConfig.defaults().initStd(),
                        AutoRecConfig.defaults().epochs(),
                        AutoRecConfig.defaults().patience(),
                        AutoRecConfig.defaults().validFraction(),
                        AutoRecConfig.defaults().refit(),
                        1));
        assertThat(AutoRecConfig.from(ModelOptions.parsePairs("layers=2")).layers())
                .isEqualTo(2);
        assertThatThrownBy(() -> AutoRecConfig.from(ModelOptions.parsePairs("layers=3")))
                .hasMessage("autorec: layers must be 1 or 2, got 3");
        assertThatThrownBy(() -> AutoRecConfig.from(ModelOptions.parsePairs("batch=0")))
                .hasMessage("autorec: batch must be >= 1, got 0");
        assertThatThrownBy(() -> AutoRecConfig.from(ModelOptions.parsePairs("lr=0")))
                .hasMessage("autorec: lr must be a number > 0, got 0.0");
        assertThatThrownBy(() -> AutoRecConfig.from(ModelOptions.parsePairs("valid_fraction=0.9")))
                .hasMessage("autorec: valid_fraction must be in [0, 0.5], got 0.9");
        assertThatThrownBy(() -> AutoRecConfig.from(ModelOptions.parsePairs("dim=3")))
                .hasMessageStartingWith("autorec: unknown model option(s) [dim]");
        // the provider checks options before any data is read
        assertThatThrownBy(() -> Models.require("autorec").checkOptions(new ModelOptions(Map.of("reg", "-1"))))
                .hasMessageContaining("autorec: reg must be a number >= 0");
    }
}
