/**
 * Evaluation protocols (leave-one-out, temporal, user split, cold start) and the splits they make.
 *
 * <p>Exports {@link HistoryMask}, {@link Protocol}, {@link Split}, {@link Splitter}, {@link
 * Splitters}, {@link UserSplitter}; the other 4 classes are package-private.
 */
package io.attnrec.core.split;
