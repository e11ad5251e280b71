package io.attnrec.core.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code saved:dir=DIR}: a model trained earlier by {@code attnrec train}, read from its artifact
 * instead of trained again. A twenty-minute SASRec run can then take part in {@code compare}, in a
 * {@code fusion} blend or as the candidate generator of a re-ranker without being repeated.
 *
 * <p>"Training" checks that the artifact was trained on exactly this training data (the
 * manifest's fingerprint of the training sequences and item ids); a model from another data set,
 * protocol or seed would otherwise be evaluated on users whose test items it has seen.
 */
public final class SavedModelProvider implements ModelProvider {

    static final String NAME = "saved";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "A model saved by `attnrec train` (saved:dir=DIR), reused instead of retrained";
    }

    @Override
    public void checkOptions(ModelOptions options) {
        String dir = options.getString("dir", null);
        options.requireAllUsed();
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("saved needs the model directory: saved:dir=DIR");
        }
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        String dir = options.getString("dir", null);
        options.requireAllUsed();
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("saved needs the model directory: saved:dir=DIR");
        }
        LoadedModel loaded;
        try {
            loaded = ModelArtifact.load(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model in " + dir + ": " + e.getMessage(), e);
        }
        String expected = ModelArtifact.fingerprint(data);
        if (!expected.equals(loaded.info().dataFingerprint())) {
            throw new IllegalArgumentException("the model in " + dir + " was trained on other data than this split"
                    + " (fingerprint " + loaded.info().dataFingerprint() + ", this split's training data "
                    + expected + "): use the same data, protocol and seed as `attnrec train` did");
        }
        return loaded.model();
    }
}
