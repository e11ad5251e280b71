/**
 * SASRec (Kang and McAuley 2018) with the losses of SASRec+, gSASRec and the original paper.
 *
 * <p>Exports {@link SasRecConfig}, {@link SasRecProvider}; the other class is package-private.
 */
package io.attnrec.nn.sasrec;
