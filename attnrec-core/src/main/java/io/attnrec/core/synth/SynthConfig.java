package io.attnrec.core.synth;

import io.attnrec.core.model.RecordCopy;

/**
 * Settings of the {@link SyntheticWorld}.
 *
 * @param users number of users (ids {@code u1..uN})
 * @param items number of items (ids {@code i1..iN}), spread evenly over the topics
 * @param topics number of topics; items of a topic share its name as category
 * @param minInterests each user holds at least this many interests, 1..K
 * @param maxInterests K: each user holds minInterests..K interests (topics) at any time, drawn
 *     uniformly
 * @param minEvents shortest behaviour sequence
 * @param maxEvents longest behaviour sequence (fewer only if a user exhausts all items of their
 *     interests)
 * @param switchProb per step: the probability that the user moves to another of their interests
 * @param driftProb per step: the probability that one of the user's interests is replaced by a
 *     topic they did not hold (interest drift)
 * @param sequentialProb per step: the probability that the next item is the successor (next in
 *     the topic's order) of the user's last item of the current topic, rather than a popularity
 *     draw; this is the sequential signal
 * @param zipfExponent item popularity within a topic: the item ranked r is drawn with weight
 *     {@code 1 / r^s}
 * @param seed every random choice derives from it: same seed, same world
 */
public record SynthConfig(
        int users,
        int items,
        int topics,
        int minInterests,
        int maxInterests,
        int minEvents,
        int maxEvents,
        double switchProb,
        double driftProb,
        double sequentialProb,
        double zipfExponent,
        long seed) {

    public SynthConfig {
        if (users < 1) {
            throw new IllegalArgumentException("synth: users must be >= 1, got " + users);
        }
        if (topics < 1) {
            throw new IllegalArgumentException("synth: topics must be >= 1, got " + topics);
        }
        if (items < topics) {
            throw new IllegalArgumentException(
                    "synth: items (" + items + ") must be at least the number of topics (" + topics + ")");
        }
        if (maxInterests < 1 || maxInterests > topics) {
            throw new IllegalArgumentException("synth: interests must be between 1 and the number of topics (" + topics
                    + "), got " + maxInterests);
        }
        if (minInterests < 1 || minInterests > maxInterests) {
            throw new IllegalArgumentException("synth: min interests must be between 1 and the number of interests ("
                    + maxInterests + "), got " + minInterests);
        }
        if (minEvents < 1 || maxEvents < minEvents) {
            throw new IllegalArgumentException(
                    "synth: need 1 <= min events <= max events, got " + minEvents + " and " + maxEvents);
        }
        checkProbability("switch probability", switchProb);
        checkProbability("drift probability", driftProb);
        checkProbability("sequential probability", sequentialProb);
        if (!(zipfExponent >= 0) || Double.isInfinite(zipfExponent)) {
            throw new IllegalArgumentException("synth: zipf exponent must be a number >= 0, got " + zipfExponent);
        }
    }

    private static void checkProbability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("synth: " + what + " must be in [0, 1], got " + p);
        }
    }

    /** 2,000 users, 1,000 items in 20 topics, 1 to 4 interests, 10..40 events, seed 42. */
    public static SynthConfig defaults() {
        return new SynthConfig(2000, 1000, 20, 1, 4, 10, 40, 0.15, 0.01, 0.6, 1.0, 42L);
    }

    public SynthConfig withUsers(int n) {
        return RecordCopy.with(this, "users", n);
    }

    public SynthConfig withItems(int n) {
        return RecordCopy.with(this, "items", n);
    }

    public SynthConfig withTopics(int n) {
        return RecordCopy.with(this, "topics", n);
    }

    public SynthConfig withInterests(int k) {
        return RecordCopy.with(this, "minInterests", Math.min(minInterests, k), "maxInterests", k);
    }

    public SynthConfig withEvents(int min, int max) {
        return RecordCopy.with(this, "minEvents", min, "maxEvents", max);
    }

    public SynthConfig withProbabilities(double switchP, double driftP, double sequentialP) {
        return RecordCopy.with(this, "switchProb", switchP, "driftProb", driftP, "sequentialProb", sequentialP);
    }

    public SynthConfig withSeed(long s) {
        return RecordCopy.with(this, "seed", s);
    }

    /** Each user holds between {@code min} and {@code max} interests. */
    public SynthConfig withInterests(int min, int max) {
        return RecordCopy.with(this, "minInterests", min, "maxInterests", max);
    }
}
