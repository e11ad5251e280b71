/**
 * GRU4Rec (Hidasi et al. 2016), the recurrent baseline.
 *
 * <p>Exports {@link Gru4RecConfig}, {@link Gru4RecProvider}; the other class is package-private.
 */
package io.attnrec.nn.gru4rec;
