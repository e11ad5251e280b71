package io.attnrec.core.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model that can write its learned state into a directory. Its provider reads it back with
 * {@link ModelProvider#load}; the reloaded model must score exactly as the saved one.
 */
public interface Persistable {

    /** Writes the model's own files (weights, config) into {@code dir}, which exists and is empty. */
    void save(Path dir) throws IOException;
}
