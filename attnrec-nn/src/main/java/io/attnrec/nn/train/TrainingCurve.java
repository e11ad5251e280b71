package io.attnrec.nn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Records the training curve and, at the end, writes it into a directory as data ({@code
 * curve.json}: epoch, loss, validation NDCG@10 or null, seconds) and as a picture ({@code
 * curve.png}: loss on the left axis, NDCG@10 on the right).
 */
public final class TrainingCurve implements TrainingListener {

    private final Path dir;
    private final List<EpochStats> epochs = new ArrayList<>();
    private String model = "";

    /** @param dir output directory, created if missing */
    public TrainingCurve(Path dir) {
        this.dir = dir;
    }

    @Override
    public void onTrainingStart(String modelName, int maxEpochs, int batchesPerEpoch) {
        model = modelName;
        epochs.clear();
    }

    @Override
    public void onEpochEnd(EpochStats stats) {
        epochs.add(stats);
    }

    @Override
    public void onTrainingEnd(TrainingResult result) {
        try {
            Files.createDirectories(dir);
            writeJson(dir.resolve("curve.json"), result);
            writePng(dir.resolve("curve.png"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training curve into " + dir + ": " + e.getMessage(), e);
        }
    }

    private void writeJson(Path file, TrainingResult result) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochStats s : epochs) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", s.epoch());
            row.put("loss", s.loss());
            row.put(
                    "val_ndcg@10",
                    s.validationNdcg().isPresent() ? s.validationNdcg().getAsDouble() : null);
            row.put("seconds", s.seconds());
            rows.add(row);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", model);
        doc.put("best_epoch", result.bestEpoch());
        doc.put("best_val_ndcg@10", Double.isNaN(result.bestValidationNdcg()) ? null : result.bestValidationNdcg());
        doc.put("stopped_early", result.stoppedEarly());
        doc.put("diverged_at_epoch", result.divergedAtEpoch() == 0 ? null : result.divergedAtEpoch());
        doc.put("skipped_steps", result.skippedSteps());
        doc.put("epochs", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    private void writePng(Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(480)
                .title(model + " training curve")
                .xAxisTitle("epoch")
                .build();
        double[] x = epochs.stream().mapToDouble(EpochStats::epoch).toArray();
        double[] loss = epochs.stream().mapToDouble(EpochStats::loss).toArray();
        if (x.length == 0) {
            return;
        }
        XYSeries lossSeries = chart.addSeries("train loss", x, loss);
        lossSeries.setMarker(SeriesMarkers.NONE);
        lossSeries.setYAxisGroup(0);
        chart.setYAxisGroupTitle(0, "loss");
        List<EpochStats> validated =
                epochs.stream().filter(s -> s.validationNdcg().isPresent()).toList();
        if (!validated.isEmpty()) {
            XYSeries ndcg = chart.addSeries(
                    "val ndcg@10",
                    validated.stream().mapToDouble(EpochStats::epoch).toArray(),
                    validated.stream()
                            .mapToDouble(s -> s.validationNdcg().getAsDouble())
                            .toArray());
            ndcg.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, "ndcg@10");
            chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
