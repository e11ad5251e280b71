/**
 * What the multi-interest models share: the network interface, capsule routing and squash, the
 * dynamic interest count, the training readouts (closest interest, label-aware attention), the
 * ComiRec-style trainer with a sampled softmax, and the recommender base class (max-over-interests
 * scoring, diversity-controlled aggregation, explanations, persistence).
 *
 * <p>Exports {@link Capsules}, {@link DynamicInterests}, {@link MultiInterestBlock}, {@link
 * MultiInterestConfig}, {@link MultiInterestNetwork}, {@link MultiInterestProvider}, {@link
 * MultiInterestRecommender}, {@link MultiTrainConfig}, {@link Readout}; the other 5 classes are
 * package-private.
 */
package io.attnrec.nn.multi;
