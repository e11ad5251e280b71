/**
 * Attention building blocks (SPEC C3): dot-product and scaled dot-product attention, multi-head
 * attention, additive (Bahdanau) attention, DIN's target attention and structured self-attentive
 * pooling, with additive causal and padding masks. Every block returns its attention weights
 * beside its output, because explanations show them.
 *
 * <p>Exports {@link Masks}, {@link MultiHeadAttention}, {@link SelfAttentivePooling}, {@link
 * TargetAttention}; the other 2 classes are package-private.
 */
package io.attnrec.nn.attention;
