/**
 * DIN, the Deep Interest Network (Zhou et al., KDD 2018): target attention over the history as a
 * ranking model ({@link io.attnrec.nn.din.Din}) and as a re-ranking stage over another registered
 * model's top candidates ({@link io.attnrec.nn.din.DinReranker}).
 */
package io.attnrec.nn.din;
