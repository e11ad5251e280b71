/**
 * Popularity within the categories a user read, registered as {@code category-pop}.
 *
 * <p>Exports {@link CategoryPopProvider}; the other class is package-private.
 */
package io.attnrec.core.baselines.categorypop;
