package io.attnrec.core.experiment;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes a newer model from a served one (issue 16: the loop): typically trains incrementally on
 * the events stored since the parent, validates the result against the parent and writes it only
 * when it is not worse. A server calls it on a schedule ({@code attnrec serve --update-every 1h})
 * and serves the result when it is accepted. Implementations must leave {@code parent} unchanged
 * and write nothing but {@code out}.
 */
@FunctionalInterface
public interface ModelUpdater {

    /**
     * One update.
     *
     * @param parent the artifact directory of the model served now
     * @param out a directory that does not exist yet, for the new model's artifact
     * @return what happened; {@link UpdateOutcome#model()} is the new artifact when accepted
     * @throws IOException when the update could not run (the caller logs it and keeps serving)
     */
    UpdateOutcome update(Path parent, Path out) throws IOException;

    /**
     * Makes the updater {@code attnrec serve --update-every} runs, registered in {@code
     * META-INF/services/io.attnrec.core.experiment.ModelUpdater$Factory}.
     */
    interface Factory {
        /**
         * An updater reading new events from the server's event store.
         *
         * @param database the server's {@code --db} URL ({@code sqlite:FILE} or {@code jdbc:postgresql://...})
         * @param config how each update warm-starts, fine-tunes and is judged ({@code attnrec serve}'s
         *     warm-start flags and {@code --update-set})
         */
        ModelUpdater create(String database, UseCases.UpdateConfig config);
    }

    /**
     * The first registered factory's updater for {@code database} with {@code config}, or empty when
     * none is registered.
     */
    static java.util.Optional<ModelUpdater> forDatabase(String database, UseCases.UpdateConfig config) {
        for (Factory f : java.util.ServiceLoader.load(Factory.class, ModelUpdater.class.getClassLoader())) {
            return java.util.Optional.of(f.create(database, config));
        }
        return java.util.Optional.empty();
    }
}
