/**
 * Shared pieces of the classical baselines.
 *
 * <p>Exports {@link HistoryItems}, {@link ValidationMetric}.
 */
package io.attnrec.core.baselines;
