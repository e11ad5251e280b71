/**
 * Multi-interest support without a deep-learning dependency: the {@link
 * io.attnrec.core.multi.MultiInterest} side interface (a user as one or more interest vectors,
 * scores = max over interests), ComiRec's diversity-controlled aggregation, item categories from
 * metadata or k-means, and the interest-purity measure against a synthetic world's planted truth.
 *
 * <p>Exports {@link DiversityAggregation}, {@link Interest}, {@link InterestPurity}, {@link
 * InterestPurityRunner}, {@link InterestScores}, {@link ItemCategories}, {@link MultiInterest};
 * the other class is package-private.
 */
package io.attnrec.core.multi;
