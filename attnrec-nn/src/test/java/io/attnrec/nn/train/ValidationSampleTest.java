package io.attnrec.nn.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.core.model.EvalCase;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ValidationSampleTest {

    private static List<EvalCase> cases(int n) {
        List<EvalCase> out = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            out.add(new EvalCase(u, new int[] {1}, new int[] {2}, new int[0]));
        }
        return out;
    }

    @Test
    void aSampleIsDistinctCasesAndTheSameForTheSameSeed() {
        List<EvalCase> all = cases(50);
        List<EvalCase> a = ValidationSample.draw(all, 10, new SplittableRandom(3));
        List<EvalCase> b = ValidationSample.draw(all, 10, new SplittableRandom(3));
        List<EvalCase> c = ValidationSample.draw(all, 10, new SplittableRandom(4));
        assertThat(a).hasSize(10).doesNotHaveDuplicates().isSubsetOf(all).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void zeroOrTooLargeASizeKeepsEveryCaseInOrderAndDrawsNothing() {
        List<EvalCase> all = cases(5);
        SplittableRandom rng = new SplittableRandom(7);
        assertThat(ValidationSample.draw(all, 0, rng)).containsExactlyElementsOf(all);
        assertThat(ValidationSample.draw(all, 5, rng)).containsExactlyElementsOf(all);
        // nothing was drawn: the generator is where a fresh one with the same seed is
        assertThat(rng.nextLong()).isEqualTo(new SplittableRandom(7).nextLong());
    }
}
