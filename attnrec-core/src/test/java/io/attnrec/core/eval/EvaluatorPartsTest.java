package io.attnrec.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.attnrec.core.model.EvalCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Parts of an evaluation added in order give the whole evaluation's metrics (distributed use). */
class EvaluatorPartsTest {

    private static List<EvalCase> cases(int n, int numItems) {
        Random r = new Random(3);
        List<EvalCase> out = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            int target = 1 + r.nextInt(numItems);
            int excluded = target % numItems + 1;
            int[] targets = u % 7 == 0 ? new int[0] : new int[] {target};
            out.add(new EvalCase(u, new int[] {excluded}, targets, new int[] {excluded}));
        }
        return out;
    }

    private static void assertPartsEqualWhole(EvalConfig config) {
        int numItems = 40;
        int[][] seqs = new int[30][];
        Random r = new Random(9);
        for (int u = 0; u < seqs.length; u++) {
            seqs[u] = r.ints(5, 1, numItems + 1).toArray();
        }
        Evaluator ev = new Evaluator(config, Fixtures.training(numItems, seqs));
        Fixtures.HashModel model = new Fixtures.HashModel(numItems, 6);
        List<EvalCase> all = cases(50, numItems);
        EvaluationResult whole = ev.evaluate(model, all);
        // the parts run on an evaluator rebuilt from the item tables, as a remote worker does
        Evaluator remote = new Evaluator(config, ev.itemTables());
        Evaluator.Partial a = remote.evaluatePart(model, all.subList(0, 17), 0);
        Evaluator.Partial b = remote.evaluatePart(model, all.subList(17, 50), 17);
        EvaluationResult parts = ev.result(a.plus(b), 0);
        assertThat(parts.users()).isEqualTo(whole.users()).isLessThan(50);
        assertThat(parts.metrics().keySet())
                .containsExactlyElementsOf(whole.metrics().keySet());
        whole.metrics()
                .forEach((k, v) -> assertThat(parts.metrics().get(k)).as(k).isCloseTo(v, within(1e-12)));
    }

    @Test
    void fullRankingPartsAddUpToTheWhole() {
        assertPartsEqualWhole(new EvalConfig(new int[] {3, 10}, 2, 0, 42));
    }

    @Test
    void sampledNegativePartsDrawWhatTheWholeDraws() {
        assertPartsEqualWhole(new EvalConfig(new int[] {5}, 1, 8, 11));
    }
}
