package io.attnrec.nn.train;

import io.attnrec.core.model.EvalCase;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The validation cases a trainer scores after each epoch: all, or a seeded sample of them. */
public final class ValidationSample {

    private ValidationSample() {}

    /**
     * {@code size} of {@code cases} drawn without replacement with {@code rng} (a partial
     * Fisher-Yates shuffle from the end), or all of them when {@code size} is 0 or not smaller
     * than their number. Draws nothing from {@code rng} in that case.
     */
    public static List<EvalCase> draw(List<EvalCase> cases, int size, SplittableRandom rng) {
        List<EvalCase> all = new ArrayList<>(cases);
        if (size <= 0 || size >= all.size()) {
            return List.copyOf(all);
        }
        for (int i = all.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            all.set(i, all.set(j, all.get(i)));
        }
        return List.copyOf(all.subList(0, size));
    }
}
