/**
 * Serving a model: the active model lease and its request pipeline stages.
 *
 * <p>Exports {@link ActiveModel}, {@link ModelRegistry}, {@link NewItemStage}, {@link NewItems},
 * {@link ServedModel}, {@link UnknownModelException}; the other 5 classes are package-private.
 */
package io.attnrec.serve.model;
