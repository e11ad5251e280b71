/**
 * Comparison reports as text and JSON.
 *
 * <p>Exports {@link ComparisonReport}, {@link ModelResult}.
 */
package io.attnrec.core.report;
