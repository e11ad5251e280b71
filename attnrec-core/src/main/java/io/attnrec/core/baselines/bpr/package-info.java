/**
 * Bayesian personalised ranking (BPR-MF), registered as {@code bpr}.
 *
 * <p>Exports {@link BprProvider}; the other 3 classes are package-private.
 */
package io.attnrec.core.baselines.bpr;
