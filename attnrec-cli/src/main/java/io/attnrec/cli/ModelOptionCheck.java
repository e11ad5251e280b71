package io.attnrec.cli;

import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;

/**
 * Checks model names and options before any data is loaded, so that a misspelt option fails in
 * a second rather than after the data set was read and prepared: each provider checks its own
 * options ({@link io.attnrec.core.model.ModelProvider#checkOptions}), so a new model needs no
 * entry here.
 */
final class ModelOptionCheck {

    private ModelOptionCheck() {}

    /**
     * Fails with the provider's own message (prefixed with the model's name) when the model is
     * unknown or an option is unknown or invalid.
     *
     * @throws IllegalArgumentException for an unknown model or bad options
     */
    static void check(ModelSpec spec) {
        try {
            Models.require(spec.name())
                    .checkOptions(new ModelOptions(spec.options().asMap()));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("unknown model '")) {
                throw e;
            }
            throw new IllegalArgumentException(spec.name() + ": " + e.getMessage(), e);
        }
    }
}
