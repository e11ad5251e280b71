/**
 * LSTM encoder with causal multi-head attention over its states.
 *
 * <p>Exports {@link LstmAttnConfig}, {@link LstmAttnProvider}; the other class is package-private.
 */
package io.attnrec.nn.lstmattn;
