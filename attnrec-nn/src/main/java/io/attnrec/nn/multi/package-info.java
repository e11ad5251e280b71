/**
 * What the multi-interest models share: the network interface, capsule routing and squash, the
 * dynamic interest count, the training readouts (closest interest, label-aware attention), the
 * ComiRec-style trainer with a sampled softmax, and the recommender base class (max-over-interests
 * scoring, diversity-controlled aggregation, explanations, persistence).
 */
package io.attnrec.nn.multi;
