package io.attnrec.core.baselines.pop;

import io.attnrec.core.model.ModelOptions;

/** Settings of {@link PopModel}: it has none, so any option given is an error. */
record PopConfig() {

    /** Parses (and so rejects) the options: Pop takes no settings. */
    public static PopConfig from(ModelOptions options) {
        options.requireAllUsed();
        return new PopConfig();
    }
}
