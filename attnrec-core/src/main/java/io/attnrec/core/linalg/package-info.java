/**
 * Dot products of user and item factors, with the JDK vector API when present.
 *
 * <p>Exports {@link FactorKernel}, {@link PackedItems}; the other 2 classes are package-private.
 */
package io.attnrec.core.linalg;
