/**
 * Item content (SPEC C9): {@link io.attnrec.core.content.ContentFeatures} turns titles,
 * categories and attributes into hashed bag-of-words or TF-IDF rows (CSR, one per dense item id)
 * for models to project into their item embeddings, and {@link io.attnrec.core.content.ContentKnn}
 * ({@code content-knn}) recommends from content alone, items never seen in training included.
 *
 * <p>Exports {@link ContentConfig}, {@link ContentFeatures}, {@link ContentKnn}, {@link
 * ContentKnnNewItems}, {@link ContentKnnProvider}, {@link NewItemScorer}.
 */
package io.attnrec.core.content;
