/**
 * Most popular items, registered as {@code pop}.
 *
 * <p>Exports {@link PopProvider}; the other 2 classes are package-private.
 */
package io.attnrec.core.baselines.pop;
