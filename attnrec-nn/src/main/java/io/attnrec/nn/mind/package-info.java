/**
 * MIND (Li et al., CIKM 2019): multi-interest network with behaviour-to-interest dynamic routing.
 *
 * <p>Exports {@link MindProvider}; the other 2 classes are package-private.
 */
package io.attnrec.nn.mind;
