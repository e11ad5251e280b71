/**
 * Training-speed benchmark of SASRec against a PyTorch reference ({@code bench/pytorch/}):
 * {@link io.attnrec.nn.bench.speed.SasRecSpeed} times attnrec's own trainer for a fixed number
 * of optimisation steps and projects seconds per epoch. Not used by the product.
 */
package io.attnrec.nn.bench.speed;
