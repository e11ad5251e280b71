/**
 * Parallel loops over index ranges with a fixed thread count.
 *
 * <p>Exports {@link Parallel}.
 */
package io.attnrec.core.concurrent;
