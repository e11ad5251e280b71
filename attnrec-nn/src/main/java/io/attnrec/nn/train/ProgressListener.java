package io.attnrec.nn.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress on standard error: a progress bar per epoch on a terminal, and one
 * plain line per epoch otherwise (a log file or CI must not fill up with carriage returns and
 * ANSI codes).
 */
public final class ProgressListener implements TrainingListener {

    private final PrintStream out;
    private final boolean interactive;
    private String model = "";
    private int maxEpochs;
    private int batches;
    private ProgressBar bar;

    /** Bars when {@code System.console()} exists, plain lines otherwise. */
    public ProgressListener() {
        this(System.err, System.console() != null);
    }

    public ProgressListener(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void onTrainingStart(String modelName, int epochs, int batchesPerEpoch) {
        this.model = modelName;
        this.maxEpochs = epochs;
        this.batches = batchesPerEpoch;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, double loss) {
        if (!interactive) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "%s %d/%d", model, epoch, maxEpochs))
                    .setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .setUpdateIntervalMillis(500)
                    .build();
        }
        bar.step();
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", loss));
    }

    @Override
    public void onEpochEnd(EpochStats stats) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        String validation = stats.validationNdcg().isPresent()
                ? String.format(
                        Locale.ROOT,
                        "  val ndcg@10 %.4f%s",
                        stats.validationNdcg().getAsDouble(),
                        stats.best() ? " *" : "")
                : "";
        out.printf(
                Locale.ROOT,
                "%s epoch %d/%d  loss %.4f%s  %.1f s%n",
                model,
                stats.epoch(),
                maxEpochs,
                stats.loss(),
                validation,
                stats.seconds());
    }

    @Override
    public void onTrainingEnd(TrainingResult result) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (result.skippedSteps() > 0) {
            out.printf(
                    Locale.ROOT,
                    "%s: %d step(s) thrown away because the loss was not finite%n",
                    model,
                    result.skippedSteps());
        }
        if (!Double.isNaN(result.bestValidationNdcg())) {
            out.printf(
                    Locale.ROOT,
                    "%s best epoch %d  val ndcg@10 %.4f%s%n",
                    model,
                    result.bestEpoch(),
                    result.bestValidationNdcg(),
                    result.divergedAtEpoch() > 0
                            ? "  (stopped: the loss stopped being finite in epoch " + result.divergedAtEpoch() + ")"
                            : result.stoppedEarly() ? "  (early stop)" : "");
        }
    }
}
