package io.attnrec.core.rating;

import io.attnrec.core.model.ModelFiles;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import java.io.IOException;
import java.util.Map;

/** Helpers shared by the three rating models: score-array checks, common file settings, RMSE. */
final class RatingModels {

    private RatingModels() {}

    /** A prediction function for the held-out RMSE. */
    interface Predict {
        float at(int user, int item);
    }

    /**
     * Reads a settings record over its defaults ({@link RecordOptions#parseAll}); every error
     * message starts with the model's name, as the provider shows it on one line.
     */
    static <T extends Record> T parseOptions(String model, Class<T> type, T defaults, ModelOptions options) {
        try {
            return RecordOptions.parseAll(type, defaults, options);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw m != null && m.startsWith(model) ? e : new IllegalArgumentException(model + ": " + m, e);
        }
    }

    /** Rows (item ids) with at least one rating in {@code set}; the others keep zero factors. */
    static boolean[] rated(RatingSet set) {
        boolean[] r = new boolean[set.numItems + 1];
        int[] c = set.itemCounts();
        for (int i = 1; i <= set.numItems; i++) {
            r[i] = c[i] > 0;
        }
        return r;
    }

    static double rmse(RatingSet.Samples s, Predict f) {
        double sum = 0;
        for (int k = 0; k < s.size(); k++) {
            double e = f.at(s.users()[k], s.items()[k]) - s.ratings()[k];
            sum += e * e;
        }
        return s.size() == 0 ? 0 : Math.sqrt(sum / s.size());
    }

    static void putCommon(
            Map<String, String> meta, int numUsers, int numItems, float mu, RatingScale scale, Fitting.Trace trace) {
        meta.put("num_users", Integer.toString(numUsers));
        meta.put("num_items", Integer.toString(numItems));
        meta.put("mu", Float.toString(mu));
        meta.put("min_rating", Float.toString(scale.min()));
        meta.put("max_rating", Float.toString(scale.max()));
        meta.put("trained_epochs", Integer.toString(trace.epochs()));
        meta.put("valid_rmse", trace.encode());
    }

    /** The settings every rating model file has. */
    record Common(int numUsers, int numItems, float mu, RatingScale scale, Fitting.Trace trace) {}

    static Common readCommon(ModelFiles.Meta meta) throws IOException {
        int numUsers = meta.integer("num_users");
        int numItems = meta.integer("num_items");
        if (numUsers < 0 || numItems < 0) {
            throw new IOException(meta.file() + ": negative user or item count");
        }
        RatingScale scale;
        Fitting.Trace trace;
        try {
            scale = new RatingScale(
                    Float.parseFloat(meta.string("min_rating")), Float.parseFloat(meta.string("max_rating")));
            trace = Fitting.Trace.decode(
                    meta.integer("trained_epochs"), meta.values().get("valid_rmse"));
        } catch (IllegalArgumentException e) {
            throw new IOException(meta.file() + ": " + e.getMessage(), e);
        }
        float mu;
        try {
            mu = Float.parseFloat(meta.string("mu"));
        } catch (NumberFormatException e) {
            throw new IOException(meta.file() + ": setting mu is not a number", e);
        }
        return new Common(numUsers, numItems, mu, scale, trace);
    }
}
