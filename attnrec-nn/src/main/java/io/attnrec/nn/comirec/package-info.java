/**
 * ComiRec (Cen et al., KDD 2020): ComiRec-SA (self-attentive multi-interest extraction) and
 * ComiRec-DR (capsule dynamic routing), trained with the closest-interest readout and a sampled
 * softmax, retrieving with the diversity-controlled aggregation.
 *
 * <p>Exports {@link ComiRecDrConfig}, {@link ComiRecDrProvider}, {@link ComiRecSaConfig}, {@link
 * ComiRecSaProvider}; the other 2 classes are package-private.
 */
package io.attnrec.nn.comirec;
