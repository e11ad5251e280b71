/**
 * Model-agnostic explanations (deletion attribution).
 *
 * <p>Exports {@link DeletionAttribution}, {@link Explainer}.
 */
package io.attnrec.core.explain;
