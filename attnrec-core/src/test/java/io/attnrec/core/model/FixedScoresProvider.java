package io.attnrec.core.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test model: item i scores weight * i + (count of i in history). Registered for tests only. */
public final class FixedScoresProvider implements ModelProvider {

    @Override
    public String name() {
        return "test-fixed";
    }

    @Override
    public String description() {
        return "test model with a fixed linear score";
    }

    @Override
    public Recommender train(TrainingData data, ModelOptions options, long seed) {
        float weight = (float) options.getDouble("weight", 0.5);
        options.requireAllUsed();
        return new Model(data.numItems(), weight);
    }

    @Override
    public Recommender load(Path dir) throws IOException {
        String[] parts = Files.readString(dir.resolve("weights.txt")).trim().split(" ");
        return new Model(Integer.parseInt(parts[0]), Float.parseFloat(parts[1]));
    }

    record Model(int numItems, float weight) implements Recommender, Persistable {

        @Override
        public String name() {
            return "test-fixed";
        }

        @Override
        public void score(int user, int[] history, float[] scores) {
            for (int i = 1; i <= numItems; i++) {
                scores[i] = weight * i;
            }
            for (int item : history) {
                scores[item] += 1f;
            }
        }

        @Override
        public void save(Path dir) throws IOException {
            Files.writeString(dir.resolve("weights.txt"), numItems + " " + weight);
        }
    }
}
