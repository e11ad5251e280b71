/**
 * Multi-interest support without a deep-learning dependency: the {@link
 * io.attnrec.core.multi.MultiInterest} side interface (a user as one or more interest vectors,
 * scores = max over interests), ComiRec's diversity-controlled aggregation, item categories from
 * metadata or k-means, and the interest-purity measure against a synthetic world's planted truth.
 */
package io.attnrec.core.multi;
