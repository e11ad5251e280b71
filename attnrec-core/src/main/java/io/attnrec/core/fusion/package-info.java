/**
 * Model fusion (SPEC C8): {@link io.attnrec.core.fusion.FusionModel} ({@code fusion:models=a+b})
 * blends the per-user normalised scores of several trained models with weights chosen on the
 * validation cases, and records ({@link io.attnrec.core.fusion.FusionTuning}) which member is
 * best alone and whether the blend beats it.
 *
 * <p>Exports {@link FusionProvider}; the other 4 classes are package-private.
 */
package io.attnrec.core.fusion;
