package io.attnrec.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.experiment.TrainedModel;
import io.attnrec.core.model.EvalCase;
import io.attnrec.core.model.Recommender;
import io.attnrec.core.model.TopK;
import io.attnrec.core.multi.DiversityAggregation;
import io.attnrec.core.multi.InterestPurity;
import io.attnrec.core.multi.InterestPurityRunner;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.split.Split;
import io.attnrec.nn.multi.MultiInterestRecommender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The diversity trade-off of a multi-interest model (SPEC C5/C18): trains it once under the user
 * split, then evaluates the test users with ComiRec's aggregation at several lambdas, reporting
 * Recall/HitRate@20/50, category intra-list diversity of the top 50 (share of item pairs in
 * different categories; the model's categories: metadata or k-means) and the evaluator's
 * co-occurrence diversity@50; plus interest purity when the data carries planted truth. Writes
 * {@code NAME.json}, {@code NAME.md} and {@code NAME.png} into the output folder.
 *
 * <p>Arguments: DATA_PATH MODEL_SPEC OUT_DIR [SEED=42] [LAMBDAS=0,0.1,0.25,0.5,1]
 */
public final class MultiInterestBench {

    private MultiInterestBench() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        ModelSpec spec = ModelSpec.parse(args[1]);
        Path out = Path.of(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42L;
        double[] lambdas = Arrays.stream((args.length > 4 ? args[4] : "0,0.1,0.25,0.5,1").split(","))
                .mapToDouble(Double::parseDouble)
                .toArray();
        Dataset d = Experiments.load(DataSpec.of(data), System.err::println);
        Split split = Experiments.split(d, "user", seed);
        TrainedModel trained = Experiments.train(split, spec, seed);
        if (!(trained.model() instanceof MultiInterestRecommender model)) {
            throw new IllegalArgumentException(spec.name() + " is not a multi-interest model");
        }
        EvalConfig config =
                new EvalConfig(new int[] {20, 50}, Runtime.getRuntime().availableProcessors(), 0, seed);
        Evaluator evaluator = new Evaluator(config, split.train());
        int[] categories = model.categories();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (double lambda : lambdas) {
            Recommender r = model.withDiversity(lambda);
            EvaluationResult res = evaluator.evaluate(r, split.test());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("lambda", lambda);
            for (String key : List.of("recall@20", "hr@20", "recall@50", "hr@50", "ndcg@50", "diversity@50")) {
                row.put(key, res.metric(key));
            }
            row.put("category_ild@50", categoryDiversity(r, split.test(), categories, 50));
            row.put("eval_seconds", res.seconds());
            rows.add(row);
            System.out.printf(Locale.ROOT, "%s lambda=%.2f %s%n", spec.text(), lambda, row);
        }
        Optional<InterestPurity.Result> purity = InterestPurityRunner.run(model, d, split, data);
        purity.ifPresent(p -> System.out.println("interest purity: " + p.toMap()));

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("data", d.name());
        doc.put("data_path", data.toString());
        doc.put("model", spec.text());
        doc.put("seed", seed);
        doc.put("protocol", split.settings());
        doc.put("train_seconds", trained.trainSeconds());
        doc.put("category_source", model.categorySource());
        doc.put("rows", rows);
        purity.ifPresent(p -> doc.put("interest_purity", p.toMap()));
        Files.createDirectories(out);
        String base = d.name() + "-" + spec.name();
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve(base + ".json").toFile(), doc);
        Files.writeString(out.resolve(base + ".md"), markdown(spec.text(), d.name(), rows));
        plot(out.resolve(base + ".png"), spec.text() + " on " + d.name(), rows);
        System.out.println("wrote " + out.resolve(base + ".{json,md,png}"));
        model.close();
    }

    private static double categoryDiversity(Recommender r, List<EvalCase> cases, int[] categories, int k) {
        double sum = 0;
        float[] scores = new float[r.numItems() + 1];
        for (EvalCase c : cases) {
            r.score(c.user(), c.history(), scores);
            sum += DiversityAggregation.categoryDiversity(TopK.select(scores, k, c.excluded()), categories);
        }
        return sum / cases.size();
    }

    private static String markdown(String model, String data, List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| model | data | lambda | recall@20 | hr@20 | recall@50 | hr@50 | category ILD@50 | diversity@50 |\n");
        sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map<String, Object> r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.2f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n",
                    model,
                    data,
                    (double) r.get("lambda"),
                    (double) r.get("recall@20"),
                    (double) r.get("hr@20"),
                    (double) r.get("recall@50"),
                    (double) r.get("hr@50"),
                    (double) r.get("category_ild@50"),
                    (double) r.get("diversity@50")));
        }
        return sb.toString();
    }

    private static void plot(Path file, String title, List<Map<String, Object>> rows) throws Exception {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(720)
                .height(480)
                .title(title + ": diversity vs accuracy")
                .xAxisTitle("category intra-list diversity @50")
                .yAxisTitle("Recall@50")
                .build();
        double[] x = rows.stream()
                .mapToDouble(r -> (double) r.get("category_ild@50"))
                .toArray();
        double[] y = rows.stream().mapToDouble(r -> (double) r.get("recall@50")).toArray();
        XYSeries s = chart.addSeries(
                "lambda "
                        + rows.stream()
                                .map(r -> String.format(Locale.ROOT, "%.2f", (double) r.get("lambda")))
                                .toList(),
                x,
                y);
        s.setMarker(SeriesMarkers.CIRCLE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
