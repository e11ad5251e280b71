package io.attnrec.core.rating;

/**
 * The range predictions are clipped to: the lowest and highest rating seen in training.
 *
 * @param min lowest rating
 * @param max highest rating, {@code >= min}
 */
public record RatingScale(float min, float max) {

    public RatingScale {
        if (!(Float.isFinite(min) && Float.isFinite(max) && min <= max)) {
            throw new IllegalArgumentException("bad rating scale [" + min + ", " + max + "]");
        }
    }

    /** {@code prediction} clipped to the scale (its midpoint for NaN). */
    public float clip(double prediction) {
        if (Double.isNaN(prediction)) {
            // Only a diverged model gives NaN; the midpoint keeps metrics finite and the damage visible.
            return (min + max) / 2f;
        }
        return (float) Math.max(min, Math.min(max, prediction));
    }
}
