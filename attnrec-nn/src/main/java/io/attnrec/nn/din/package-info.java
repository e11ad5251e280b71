/**
 * DIN, the Deep Interest Network (Zhou et al., KDD 2018): target attention over the history as a
 * ranking model ({@link io.attnrec.nn.din.Din}) and as a re-ranking stage over another registered
 * model's top candidates ({@link io.attnrec.nn.din.DinReranker}).
 *
 * <p>Exports {@link Din}, {@link DinConfig}, {@link DinProvider}, {@link DinReranker}, {@link
 * RerankConfig}; the other 2 classes are package-private.
 */
package io.attnrec.nn.din;
