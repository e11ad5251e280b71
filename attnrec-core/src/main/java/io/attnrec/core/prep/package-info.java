/**
 * Preparing a loaded data set: de-duplication, rating threshold, k-core, dense ids.
 *
 * <p>Exports {@link Dataset}, {@link DatasetStats}, {@link PrepConfig}, {@link Preparer}.
 */
package io.attnrec.core.prep;
