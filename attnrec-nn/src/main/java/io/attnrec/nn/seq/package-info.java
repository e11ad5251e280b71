/**
 * What the sequential models share: the {@link io.attnrec.nn.seq.SequenceNetwork} contract
 * (encode a window of items, score against an item table), window packing, and {@link
 * io.attnrec.nn.seq.SequenceRecommender}, which turns a network into a thread-safe, persistable
 * {@code Recommender}.
 *
 * <p>Exports {@link AttentiveSequenceRecommender}, {@link Padding}, {@link SequenceBlock}, {@link
 * SequenceConfig}, {@link SequenceNetwork}, {@link SequenceProvider}, {@link SequenceRecommender}, {@link Windows}.
 */
package io.attnrec.nn.seq;
