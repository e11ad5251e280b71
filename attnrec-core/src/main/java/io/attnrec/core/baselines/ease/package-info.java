/**
 * EASE (Steck 2019), registered as {@code ease}.
 *
 * <p>Exports {@link EaseConfig}, {@link EaseModel}, {@link EaseProvider}; the other 2 classes are
 * package-private.
 */
package io.attnrec.core.baselines.ease;
