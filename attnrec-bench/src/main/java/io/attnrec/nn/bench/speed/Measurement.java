package io.attnrec.nn.bench.speed;

import java.util.Locale;

/**
 * Timed optimisation steps of one training run and what they project to.
 *
 * @param impl which implementation ran ({@code attnrec} or {@code torch})
 * @param loss the loss key ({@code ce}, {@code bce}, ...)
 * @param steps number of timed steps, >= 1
 * @param seconds wall-clock seconds of the timed steps, > 0
 * @param sequences training sequences (users) processed in the timed steps, >= 1
 * @param stepsPerEpoch optimisation steps in one full epoch, >= steps
 */
public record Measurement(String impl, String loss, int steps, double seconds, long sequences, int stepsPerEpoch) {

    public Measurement {
        if (steps < 1 || stepsPerEpoch < steps) {
            throw new IllegalArgumentException(
                    "timed steps must be in 1.." + stepsPerEpoch + " (steps per epoch), got " + steps);
        }
        if (!(seconds > 0) || !Double.isFinite(seconds)) {
            throw new IllegalArgumentException("timed seconds must be a positive number, got " + seconds);
        }
        if (sequences < 1) {
            throw new IllegalArgumentException("sequences must be >= 1, got " + sequences);
        }
    }

    public double secondsPerStep() {
        return seconds / steps;
    }

    public double sequencesPerSecond() {
        return sequences / seconds;
    }

    /**
     * Seconds one full epoch takes at the measured pace: steps per epoch times seconds per step
     * (the last, partial batch of an epoch is counted as a full one).
     */
    public double secondsPerEpoch() {
        return stepsPerEpoch * secondsPerStep();
    }

    /** The {@code RESULT} line that {@code bench/pytorch/speed.sh} reads; the Python side prints the same keys. */
    public String resultLine() {
        return String.format(
                Locale.ROOT,
                "RESULT impl=%s loss=%s steps=%d seconds=%.3f s_per_step=%.4f seq_per_s=%.1f steps_per_epoch=%d"
                        + " s_per_epoch=%.1f",
                impl,
                loss,
                steps,
                seconds,
                secondsPerStep(),
                sequencesPerSecond(),
                stepsPerEpoch,
                secondsPerEpoch());
    }
}
