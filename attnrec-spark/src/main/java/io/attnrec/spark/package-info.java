/**
 * {@code attnrec spark}: preparation, batch top-K and evaluation on Apache Spark.
 *
 * <p>Exports {@link ExecutorModels}, {@link PreparedData}, {@link PreparedLoader}, {@link
 * SparkEvaluation}, {@link SparkEvents}, {@link SparkMain}, {@link SparkPreparer}, {@link
 * SparkRecommend}, {@link SparkSessions}.
 */
package io.attnrec.spark;
