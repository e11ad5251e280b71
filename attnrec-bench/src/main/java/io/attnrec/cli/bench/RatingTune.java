package io.attnrec.cli.bench;

import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.rating.RatingProtocol;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Issue 18 item 7: chooses rating-model settings without reading a test rating. Each model spec is
 * trained on the training part of each fold ({@code uX.base}) and only its held-out RMSE is
 * printed — the slice of the training fold the model held out for early stopping (for {@code
 * rating-blend}, the cross-fitted RMSE on its own slice). The folds' test ratings are loaded with
 * the fold (the reader loads both files) but never predicted or read.
 *
 * <p>Arguments: DATA_PATH FOLDS SEED MODELS: FOLDS a count (the first N folds) or a comma-separated
 * list of fold names ({@code u2,u3}); MODELS a semicolon-separated list of model specs.
 * Prints one line per model and fold: spec, fold, best held-out RMSE, its epoch, epochs run, train
 * seconds, and the held-out curve.
 */
public final class RatingTune {

    private RatingTune() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: RatingTune DATA_PATH FOLDS SEED 'MODEL;MODEL...'");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Set<String> only = null;
        int folds;
        if (args[1].startsWith("u")) {
            only = new LinkedHashSet<>(Arrays.asList(args[1].split(",")));
            folds = only.stream()
                    .mapToInt(f -> Integer.parseInt(f.substring(1)))
                    .max()
                    .orElseThrow();
        } else {
            folds = Integer.parseInt(args[1]);
        }
        long seed = Long.parseLong(args[2]);
        List<ModelSpec> specs = Arrays.stream(args[3].split(";"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(ModelSpec::parse)
                .toList();
        List<Map<String, double[]>> curves =
                RatingProtocol.heldOutCurves(DataSpec.of(data), specs, folds, only, seed, m -> System.out.println(m));
        for (int k = 0; k < specs.size(); k++) {
            double sum = 0;
            for (Map.Entry<String, double[]> fold : curves.get(k).entrySet()) {
                double[] curve = fold.getValue();
                int best = 0;
                for (int e = 1; e < curve.length; e++) {
                    if (curve[e] < curve[best]) {
                        best = e;
                    }
                }
                double v = curve.length == 0 ? Double.NaN : curve[best];
                sum += v;
                StringBuilder c = new StringBuilder();
                for (double x : curve) {
                    c.append(String.format(Locale.ROOT, " %.4f", x));
                }
                System.out.printf(
                        Locale.ROOT,
                        "%s %s valid_rmse=%.4f best_epoch=%d ran=%d curve:%s%n",
                        specs.get(k).text(),
                        fold.getKey(),
                        v,
                        best + 1,
                        curve.length,
                        c);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s mean valid_rmse=%.4f over %d fold(s)%n",
                    specs.get(k).text(),
                    sum / curves.get(k).size(),
                    curves.get(k).size());
        }
    }
}
