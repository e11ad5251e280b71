/**
 * GLocal-K, a rating model (issue 18 item 7): exports {@link io.attnrec.nn.glocal.GlocalKProvider},
 * registered as {@code glocal-k}; the network ({@code GlocalKNet}) and its optimiser ({@code
 * Lbfgs}) are internal.
 */
package io.attnrec.nn.glocal;
