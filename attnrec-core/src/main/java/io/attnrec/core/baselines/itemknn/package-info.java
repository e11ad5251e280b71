/**
 * Item-based k nearest neighbours (cosine), registered as {@code itemknn}.
 *
 * <p>Exports {@link ItemKnnProvider}; the other 3 classes are package-private.
 */
package io.attnrec.core.baselines.itemknn;
