/**
 * Command-line options shared by the plain CLI ({@code attnrec-cli}) and the Spark commands
 * ({@code attnrec-spark}), as picocli mixins. A module of its own, so that neither command's
 * class path gets the other's dependencies (Spark's few hundred MB, the server).
 *
 * <p>Exports {@link EvaluationOptions}, {@link PrepOptions}, {@link RankingOptions}.
 */
package io.attnrec.options;
