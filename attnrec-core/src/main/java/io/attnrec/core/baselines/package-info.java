/**
 * Shared pieces of the classical baselines.
 *
 * <p>Exports {@link ValidationMetric}.
 */
package io.attnrec.core.baselines;
