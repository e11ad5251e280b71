package io.attnrec.core.rating;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The training loop shared by the rating models: hold out a slice of the training ratings, run
 * SGD epochs while the held-out RMSE improves, then (with {@link SgdConfig#refit()}) train again
 * on all ratings for the chosen number of epochs. The test ratings are never seen here.
 */
final class Fitting {

    private Fitting() {}

    /** One model's SGD state. */
    interface Learner<M> {

        /** One pass over the fit ratings in an order drawn from {@code order}. */
        void epoch(double lrScale, SplittableRandom order);

        /** RMSE of clipped predictions on {@code samples}. */
        double rmse(RatingSet.Samples samples);

        /** An immutable model with a copy of the current parameters. */
        M snapshot(Trace trace);

        /** The parameter arrays (live, not copies), for keeping the best epoch's state. */
        float[][] parameters();
    }

    /**
     * The epoch budget and early stopping: what {@link #fit} reads of a model's settings. {@link
     * SgdConfig} is one (the SGD models); {@link AutoRecConfig} another (Adam, no decay).
     */
    interface Schedule {
        /** The step size is multiplied by this after every epoch, in (0, 1]. */
        double decay();

        /** Most epochs to run. */
        int epochs();

        /** Stop after this many epochs without a better held-out RMSE. */
        int patience();

        /** Share of the training ratings held out for early stopping; 0 = none. */
        double validFraction();

        /** Train again on all ratings for the chosen number of epochs. */
        boolean refit();
    }

    /** Makes a fresh learner on a fit set, its initial parameters drawn from {@code init}. */
    interface Factory<M> {
        Learner<M> create(RatingSet fit, SplittableRandom init);
    }

    /**
     * What early stopping saw.
     *
     * @param epochs epochs of the returned model
     * @param validRmse held-out RMSE after each epoch run (empty without a held-out slice)
     */
    record Trace(int epochs, double[] validRmse) {

        Trace {
            validRmse = validRmse.clone();
        }

        double best() {
            return Arrays.stream(validRmse).min().orElse(Double.NaN);
        }

        @Override
        public double[] validRmse() {
            return validRmse.clone();
        }

        String encode() {
            StringBuilder sb = new StringBuilder();
            for (double v : validRmse) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(v);
            }
            return sb.toString();
        }

        static Trace decode(int epochs, String text) {
            if (text == null || text.isEmpty()) {
                return new Trace(epochs, new double[0]);
            }
            return new Trace(
                    epochs,
                    Arrays.stream(text.split("\\|"))
                            .mapToDouble(Double::parseDouble)
                            .toArray());
        }
    }

    static <M> M fit(RatingSet all, Schedule sgd, long seed, Factory<M> factory) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom holdoutRandom = root.split();
        long initSeed = root.nextLong();
        long orderSeed = root.nextLong();
        RatingSet.Holdout h = sgd.validFraction() == 0 ? null : all.holdout(sgd.validFraction(), holdoutRandom);
        if (h == null || h.validation().size() == 0) {
            // Nothing to stop on (no slice asked for, or too few ratings to hold any out).
            Learner<M> learner = factory.create(all, new SplittableRandom(initSeed));
            run(learner, sgd, sgd.epochs(), new SplittableRandom(orderSeed));
            return learner.snapshot(new Trace(sgd.epochs(), new double[0]));
        }
        Learner<M> learner = factory.create(h.fit(), new SplittableRandom(initSeed));
        SplittableRandom order = new SplittableRandom(orderSeed);
        double[] curve = new double[sgd.epochs()];
        int ran = 0;
        int bestEpoch = 0;
        double best = Double.POSITIVE_INFINITY;
        float[][] bestState = null;
        double scale = 1;
        for (int e = 1; e <= sgd.epochs(); e++) {
            learner.epoch(scale, order);
            scale *= sgd.decay();
            double v = learner.rmse(h.validation());
            curve[ran++] = v;
            if (v < best) {
                best = v;
                bestEpoch = e;
                if (!sgd.refit()) {
                    bestState = copy(learner.parameters());
                }
            } else if (e - bestEpoch >= sgd.patience()) {
                break;
            }
        }
        Trace trace = new Trace(bestEpoch, Arrays.copyOf(curve, ran));
        if (!sgd.refit()) {
            float[][] live = learner.parameters();
            for (int t = 0; t < live.length; t++) {
                System.arraycopy(bestState[t], 0, live[t], 0, live[t].length);
            }
            return learner.snapshot(trace);
        }
        Learner<M> full = factory.create(all, new SplittableRandom(initSeed));
        run(full, sgd, bestEpoch, new SplittableRandom(orderSeed));
        return full.snapshot(trace);
    }

    private static float[][] copy(float[][] arrays) {
        float[][] out = new float[arrays.length][];
        for (int t = 0; t < arrays.length; t++) {
            out[t] = arrays[t].clone();
        }
        return out;
    }

    private static void run(Learner<?> learner, Schedule sgd, int epochs, SplittableRandom order) {
        double scale = 1;
        for (int e = 1; e <= epochs; e++) {
            learner.epoch(scale, order);
            scale *= sgd.decay();
        }
    }
}
