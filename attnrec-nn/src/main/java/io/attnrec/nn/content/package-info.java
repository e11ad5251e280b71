/**
 * Item content in the neural models (SPEC C9): {@link io.attnrec.nn.content.ContentOptions} (the
 * {@code content} switch and its keys), {@link io.attnrec.nn.content.ItemContent} (the items'
 * hashed TF-IDF feature rows and which items were seen in training, saved with a model) and
 * {@link io.attnrec.nn.content.ContentEmbedding} (the block that projects the features into the
 * item table, so that items never seen in training are scored from their content alone).
 *
 * <p>Exports {@link ContentEmbedding}, {@link ContentOptions}, {@link ContentProjectionScorer},
 * {@link ItemContent}.
 */
package io.attnrec.nn.content;
