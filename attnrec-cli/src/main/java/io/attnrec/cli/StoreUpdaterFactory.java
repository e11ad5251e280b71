package io.attnrec.cli;

import io.attnrec.core.experiment.ModelUpdater;
import io.attnrec.core.experiment.UseCases.UpdateConfig;

/**
 * The updater {@code attnrec serve --update-every} runs: {@code attnrec update} on the server's own
 * event store, with the settings {@code serve} was given (its warm-start flags and {@code
 * --update-set}). Registered in {@code
 * META-INF/services/io.attnrec.core.experiment.ModelUpdater$Factory}.
 */
public final class StoreUpdaterFactory implements ModelUpdater.Factory {

    @Override
    public ModelUpdater create(String database, UpdateConfig config) {
        return (parent, out) -> UpdateCommand.update(parent, database, out, config);
    }
}
