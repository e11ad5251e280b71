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
}
