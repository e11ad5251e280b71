package io.attnrec.cli;

import io.attnrec.core.model.FineTuneSchedule;
import io.attnrec.core.model.FineTuneSelection;
import io.attnrec.core.model.FineTuneValidation;
import io.attnrec.core.model.NewItemInit;
import io.attnrec.core.model.WarmStartConfig;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How a model grows from its parent: options shared by {@code train --from}, {@code update} and
 * {@code serve --update-every}. The defaults are {@link WarmStartConfig#recommended()}, the setting
 * chosen on three data sets' validation chains (bench/RESULTS.md, issue 16).
 */
final class WarmStartOptions {

    @Option(
            names = "--replay-ratio",
            defaultValue = "10",
            paramLabel = "R",
            description = "Unchanged users replayed per user with new events, so the fine-tuning does not"
                    + " forget them (default: ${DEFAULT-VALUE}).")
    double replayRatio;

    @Option(
            names = "--spare-fraction",
            defaultValue = "0.25",
            paramLabel = "F",
            description = "When the item table grows, room kept for this fraction more items (default:"
                    + " ${DEFAULT-VALUE}).")
    double spareFraction;

    @Option(
            names = "--max-items",
            defaultValue = "0",
            paramLabel = "N",
            description = "Refuse to grow the item table beyond N items (default: no limit).")
    int maxItems;

    // no default value: asking for epochs turns the default step budget off (see toConfig)
    @Option(
            names = "--warm-epochs",
            paramLabel = "N",
            description = "Count the fine-tuning in passes over the recent and replayed users instead of a step"
                    + " budget (0: the model's own epochs option). Families without step budgets (multi-interest,"
                    + " DIN, BPR) always count in epochs, the model's own unless this is given.")
    Integer warmEpochs;

    @Option(
            names = "--warm-steps-per-1k-events",
            paramLabel = "S",
            description = "Budget the fine-tuning in optimiser steps, S per 1,000 new events, with early stopping"
                    + " on the fine-tuned users' held-out events (sequential models; default: 22 unless"
                    + " --warm-epochs is given; 0 counts in epochs).")
    Double warmStepsPerKiloEvent;

    @Option(
            names = "--warm-max-steps",
            defaultValue = "1120",
            paramLabel = "N",
            description = "The most steps of a step budget, 0 for no limit (default: ${DEFAULT-VALUE}).")
    int warmMaxSteps;

    @Option(
            names = "--warm-min-steps",
            defaultValue = "170",
            paramLabel = "N",
            description = "The fewest steps of a step budget, however few the new events, 0 for no floor (default:"
                    + " ${DEFAULT-VALUE}).")
    int warmMinSteps;

    @Option(
            names = "--warm-min-step-share",
            defaultValue = "0.48",
            paramLabel = "F",
            description = "A floor under a step budget of F times the steps the lineage's training from scratch ran"
                    + " (recorded in its manifest), 0 for none (default: ${DEFAULT-VALUE}).")
    double warmMinStepShare;

    @Option(
            names = "--warm-lr-scale",
            defaultValue = "0.25",
            paramLabel = "X",
            description = "A step budget fine-tunes at X times the model's learning rate; the model's saved options"
                    + " keep its own (default: ${DEFAULT-VALUE}).")
    double warmLrScale;

    @Option(
            names = "--warm-batch-scale",
            defaultValue = "0.25",
            paramLabel = "X",
            description = "A step budget fine-tunes at X times the model's batch size, in (0, 1]; the model's saved"
                    + " options keep its own (default: ${DEFAULT-VALUE}).")
    double warmBatchScale;

    @Option(
            names = "--warm-optimizer",
            defaultValue = "fresh",
            paramLabel = "fresh|resume",
            description = "resume: the fine-tuning continues the parent's AdamW state saved with it (moments and"
                    + " step count; new items' rows start fresh); fresh: a new optimiser (default:"
                    + " ${DEFAULT-VALUE}).")
    String warmOptimizer;

    @Option(
            names = "--warm-window",
            defaultValue = "0",
            paramLabel = "N",
            description = "The fine-tuning trains on each user's newest N transitions, 0 for the model's max_len"
                    + " (default: ${DEFAULT-VALUE}).")
    int warmWindow;

    @Option(
            names = "--warm-average",
            defaultValue = "0.97",
            paramLabel = "DECAY",
            description = "Validate and keep a moving average of the fine-tuning's weights with this decay per step,"
                    + " in (0, 1); 0 keeps the trained weights (default: ${DEFAULT-VALUE}).")
    double warmAverage;

    @Option(
            names = "--warm-validate-every",
            defaultValue = "30",
            paramLabel = "N",
            description = "With a step budget, validate on the fine-tuned users' held-out events every N steps"
                    + " (default: ${DEFAULT-VALUE}).")
    int warmValidateEvery;

    @Option(
            names = "--warm-new-item-lr-scale",
            defaultValue = "1",
            paramLabel = "X",
            description = "New items' rows of the item table learn at X times the fine-tuning's learning rate"
                    + " (sequential models; default: ${DEFAULT-VALUE}, the same rate).")
    double warmNewItemLrScale;

    @Option(
            names = "--warm-new-item-init",
            defaultValue = "neighbours",
            paramLabel = "RULE",
            description = "Where a new item's row starts (models without content features): neighbours (the mean of"
                    + " its known neighbours' rows), neighbours-rare or preceding-rare (the mean of its"
                    + " neighbours' / preceding items' rows at the median length of known items with as few"
                    + " events) (default: ${DEFAULT-VALUE}).")
    String warmNewItemInit;

    @Option(
            names = "--warm-lr-schedule",
            defaultValue = "constant",
            paramLabel = "RULE",
            description = "How the fine-tuning's learning rate moves over a step budget: constant, or cosine (a"
                    + " warm-up over the first tenth, then a cosine decay to 0) (default: ${DEFAULT-VALUE}).")
    String warmLrSchedule;

    @Option(
            names = "--warm-bold-lr-scale",
            defaultValue = "20",
            paramLabel = "X",
            description = "With a step budget, a second run from the parent at X times the fine-tuning's learning"
                    + " rate (see --warm-bold-probe), keeping what validates best; 0 for one run (default:"
                    + " ${DEFAULT-VALUE}).")
    double warmBoldLrScale;

    @Option(
            names = "--warm-bold-share",
            defaultValue = "0.5",
            paramLabel = "F",
            description = "With --warm-bold-lr-scale, the bold run's share of the step budget (default:"
                    + " ${DEFAULT-VALUE}).")
    double warmBoldShare;

    @Option(
            names = "--warm-bold-probe",
            defaultValue = "60",
            paramLabel = "N",
            description = "With --warm-bold-lr-scale, run the bold rate first for N steps and give the rest of the"
                    + " budget to the bold run if it validated above the parent, else to the steady run; 0"
                    + " splits the budget by --warm-bold-share instead (default: ${DEFAULT-VALUE}).")
    int warmBoldProbe;

    @Option(
            names = "--warm-validate-on",
            defaultValue = "trained",
            paramLabel = "USERS",
            description = "Whose held-out events a step budget validates on: trained (the recent and the replayed"
                    + " users), recent (the users with new events alone) or none (the budget's last weights kept)"
                    + " (default: ${DEFAULT-VALUE}).")
    String warmValidateOn;

    @Option(
            names = "--warm-shrink",
            defaultValue = "1",
            paramLabel = "X",
            description = "With a step budget, start from X times the parent's weights plus 1 - X times a fresh"
                    + " initialisation, keeping the parent when the result validates no better (default:"
                    + " ${DEFAULT-VALUE}, the parent's weights).")
    double warmShrink;

    @Option(
            names = "--warm-keep",
            defaultValue = "latest",
            paramLabel = "RULE",
            description = "Which of a step budget's validated weights to keep: best, or latest (the last within one"
                    + " standard error of the best, the parent's counted first) (default: ${DEFAULT-VALUE}).")
    String warmKeep;

    /**
     * What a grown model's fine-tuning cost: its optimiser steps, and their share of the steps its
     * lineage's training from scratch ran (a retrain costs about that, so the share is what an
     * update saves). Empty when the family does not count its steps.
     */
    static Optional<String> fineTuningLine(long steps, long rootSteps) {
        if (steps <= 0) {
            return Optional.empty();
        }
        return Optional.of(
                rootSteps > 0
                        ? String.format(
                                Locale.ROOT,
                                "fine-tuning: %d optimiser steps, %.0f%% of the %d its lineage's training from scratch ran",
                                steps,
                                100.0 * steps / rootSteps,
                                rootSteps)
                        : "fine-tuning: " + steps + " optimiser steps");
    }

    private boolean resumeOptimizer() {
        return switch (warmOptimizer) {
            case "fresh" -> false;
            case "resume" -> true;
            default ->
                throw new IllegalArgumentException(
                        "--warm-optimizer must be fresh or resume, got '" + warmOptimizer + "'");
        };
    }

    WarmStartConfig toConfig() {
        WarmStartConfig d = WarmStartConfig.defaults();
        if (warmEpochs != null && warmStepsPerKiloEvent != null && warmStepsPerKiloEvent > 0) {
            throw new IllegalArgumentException(
                    "give --warm-epochs or --warm-steps-per-1k-events, not both (epochs turn the step budget off)");
        }
        double stepsPerKiloEvent = warmStepsPerKiloEvent != null
                ? warmStepsPerKiloEvent
                : warmEpochs != null ? 0 : WarmStartConfig.recommended().stepsPerKiloEvent();
        return new WarmStartConfig(
                replayRatio,
                spareFraction,
                maxItems,
                true,
                d.minKnownShare(),
                warmEpochs == null ? 0 : warmEpochs,
                stepsPerKiloEvent,
                warmMaxSteps,
                warmMinSteps,
                warmMinStepShare,
                warmValidateEvery,
                warmNewItemLrScale,
                NewItemInit.parse(warmNewItemInit),
                FineTuneSchedule.parse(warmLrSchedule),
                warmBoldLrScale,
                warmBoldShare,
                warmBoldProbe,
                FineTuneValidation.parse(warmValidateOn),
                warmShrink,
                FineTuneSelection.parse(warmKeep),
                warmLrScale,
                warmBatchScale,
                resumeOptimizer(),
                warmWindow,
                warmAverage);
    }
}
