package io.attnrec.nn.comirec;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ComiRec-DR settings: the shared keys of {@link MultiInterestConfig} and
 *
 * @param common window, size, interests, training and retrieval
 * @param iterations {@code iterations}: dynamic routing iterations, >= 1 (3 in the paper)
 */
public record ComiRecDrConfig(MultiInterestConfig common, int iterations) {

    public ComiRecDrConfig {
        if (common == null) {
            throw new IllegalArgumentException("shared settings are required");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1");
        }
    }

    public static ComiRecDrConfig defaults() {
        return new ComiRecDrConfig(MultiInterestConfig.defaults(), 3);
    }

    /** Parses {@code options}; unknown keys are an error. */
    public static ComiRecDrConfig parse(ModelOptions options) {
        MultiInterestConfig common = MultiInterestConfig.parse(options, MultiInterestConfig.defaults());
        ComiRecDrConfig c = new ComiRecDrConfig(common, options.getInt("iterations", 3));
        options.requireAllUsed();
        return c;
    }

    public Map<String, String> toOptions() {
        Map<String, String> m = new LinkedHashMap<>(common.toOptions());
        m.put("iterations", Integer.toString(iterations));
        return m;
    }
}
