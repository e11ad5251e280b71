package io.attnrec.nn.train;

import java.util.Locale;

/** Training objective of a next-item model; chosen by the option {@code loss}. */
public enum LossKind {
    /**
     * Binary cross-entropy with one sampled negative per position, the negative drawn uniformly
     * from the items the user never interacted with (the SASRec paper).
     */
    BCE,
    /** Softmax cross-entropy over all items ("SASRec+", Klenitskiy and Vasilev 2023). */
    CE,
    /**
     * Softmax cross-entropy over the target and {@code negatives} items drawn uniformly per batch
     * and shared by all its positions (an accidental hit of the target is masked out).
     */
    SAMPLED,
    /**
     * gSASRec's generalised BCE (Petrov and Macdonald 2023): BCE with {@code negatives} uniform
     * negatives per position (items the user never had) where the positive term is raised to the
     * power {@code beta = alpha (t (1 - 1/alpha) + 1/alpha)}, {@code alpha = negatives / (numItems
     * - 1)}, {@code t = gbce_t}, which corrects the overconfidence that negative sampling causes.
     * Every logit is shifted by the prior logit {@code log(beta / negatives)} (see {@code
     * Losses.priorLogit}), which the tied item table cannot learn without losing the items'
     * identities.
     */
    GBCE;

    /** Parses {@code bce|ce|sampled|gbce}. */
    public static LossKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("loss '" + s + "' is not one of bce, ce, sampled, gbce");
        }
    }

    /** The option value, lower case. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
