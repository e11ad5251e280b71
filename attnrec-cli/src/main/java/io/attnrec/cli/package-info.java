/**
 * The {@code attnrec} command line (picocli).
 *
 * <p>Exports {@link Main}, {@link StoreUpdaterFactory}; the other 17 classes are package-private.
 */
package io.attnrec.cli;
