/**
 * Loading interaction data (MovieLens, SASRec, S3-Rec, RecBole, CSV/TSV) and item metadata.
 *
 * <p>Exports {@link CsvLoader}, {@link DataFormatException}, {@link DataLoader}, {@link
 * DataLoaders}, {@link Event}, {@link EventFields}, {@link IdMap}, {@link ItemCatalog}, {@link
 * ItemMeta}, {@link LoadOptions}, {@link MovieLensLoader}, {@link RawData}, {@link RecBoleLoader},
 * {@link S3RecLoader}, {@link SasRecLoader}; the other 7 classes are package-private.
 */
package io.attnrec.core.data;
