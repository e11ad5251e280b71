/**
 * ComiRec (Cen et al., KDD 2020): ComiRec-SA (self-attentive multi-interest extraction) and
 * ComiRec-DR (capsule dynamic routing), trained with the closest-interest readout and a sampled
 * softmax, retrieving with the diversity-controlled aggregation.
 */
package io.attnrec.nn.comirec;
