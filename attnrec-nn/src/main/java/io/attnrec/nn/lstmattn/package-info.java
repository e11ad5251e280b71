/** LSTM encoder with causal multi-head attention over its states. */
package io.attnrec.nn.lstmattn;
