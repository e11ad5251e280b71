package io.attnrec.cli;

import io.attnrec.core.model.FineTuneSchedule;
import io.attnrec.core.model.FineTuneSelection;
import io.attnrec.core.model.FineTuneValidation;
import io.attnrec.core.model.NewItemInit;
import io.attnrec.core.model.WarmStartConfig;
import picocli.CommandLine.Option;

/** How a model grows from its parent: options shared by {@code train --from} and {@code update}. */
final class WarmStartOptions {

    @Option(
            names = "--replay-ratio",
            defaultValue = "1.0",
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

    @Option(
            names = "--warm-epochs",
            defaultValue = "0",
            paramLabel = "N",
            description = "Fine-tuning passes over the recent and replayed users (default: the model's own"
                    + " epochs option).")
    int warmEpochs;

    @Option(
            names = "--warm-steps-per-1k-events",
            defaultValue = "0",
            paramLabel = "S",
            description = "Budget the fine-tuning in optimiser steps, S per 1,000 new events, with early stopping"
                    + " on the fine-tuned users' held-out events (sequential models; default 0: count in"
                    + " --warm-epochs).")
    double warmStepsPerKiloEvent;

    @Option(
            names = "--warm-max-steps",
            defaultValue = "0",
            paramLabel = "N",
            description = "The most steps of a step budget (default: no limit).")
    int warmMaxSteps;

    @Option(
            names = "--warm-min-steps",
            defaultValue = "0",
            paramLabel = "N",
            description = "The fewest steps of a step budget, however few the new events (default: no floor).")
    int warmMinSteps;

    @Option(
            names = "--warm-min-step-share",
            defaultValue = "0",
            paramLabel = "F",
            description = "A floor under a step budget of F times the steps the lineage's training from scratch ran"
                    + " (recorded in its manifest; default: no such floor).")
    double warmMinStepShare;

    @Option(
            names = "--warm-validate-every",
            defaultValue = "" + WarmStartConfig.VALIDATE_EVERY,
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
            defaultValue = "0",
            paramLabel = "X",
            description = "With a step budget, split it in two runs from the parent, the second at X times the"
                    + " learning rate, and keep what validates best (default: ${DEFAULT-VALUE}, one run).")
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
            defaultValue = "0",
            paramLabel = "N",
            description = "With --warm-bold-lr-scale, run the bold rate first for N steps and give the rest of the"
                    + " budget to the bold run if it validated above the parent, else to the steady run"
                    + " (default: ${DEFAULT-VALUE}, split the budget instead).")
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
            defaultValue = "best",
            paramLabel = "RULE",
            description = "Which of a step budget's validated weights to keep: best, or latest (the last within one"
                    + " standard error of the best, the parent's counted first) (default: ${DEFAULT-VALUE}).")
    String warmKeep;

    WarmStartConfig toConfig() {
        WarmStartConfig d = WarmStartConfig.defaults();
        return new WarmStartConfig(
                replayRatio,
                spareFraction,
                maxItems,
                true,
                d.minKnownShare(),
                warmEpochs,
                warmStepsPerKiloEvent,
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
                FineTuneSelection.parse(warmKeep));
    }
}
