package io.attnrec.nn.seq;

/**
 * Encodes one history's newest position in plain Java: what a server needs for one request,
 * without a native forward pass whose fixed costs (tens of small PyTorch calls) dominate a short
 * history. Its vector equals the network's up to float rounding (the sums run in another order),
 * so it is used only where a request is served, never where metrics are computed. Thread-safe.
 */
public interface NewestEncoder {

    /**
     * The hidden vector {@code (D)} at the newest position.
     *
     * @param window the newest items of a history, oldest first, between 1 and {@code maxLen} of
     *     them, each in {@code 1..numItems}
     */
    float[] encode(int[] window);
}
