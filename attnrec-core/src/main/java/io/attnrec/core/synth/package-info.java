/**
 * Synthetic worlds with planted interests, for tests and benchmarks.
 *
 * <p>Exports {@link SynthConfig}, {@link SyntheticWorld}.
 */
package io.attnrec.core.synth;
