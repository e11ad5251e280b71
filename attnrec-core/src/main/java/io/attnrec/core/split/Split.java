package io.attnrec.core.split;

import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.TrainingData;
import java.util.List;
import java.util.Map;

/**
 * A data set cut for one evaluation protocol.
 *
 * @param protocol {@code loo}, {@code temporal} or {@code user}
 * @param settings the protocol's parameters, for the JSON report
 * @param train what models learn from, including the validation cases
 * @param test the held-out cases; only the final evaluation reads them
 */
public record Split(String protocol, Map<String, Object> settings, TrainingData train, List<EvalCase> test) {

    public Split {
        settings = Map.copyOf(settings);
        test = List.copyOf(test);
    }

    public List<EvalCase> validation() {
        return train.validation();
    }
}
