/** SASRec (Kang and McAuley 2018) with the losses of SASRec+, gSASRec and the original paper. */
package io.attnrec.nn.sasrec;
