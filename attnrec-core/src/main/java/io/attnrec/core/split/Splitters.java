package io.attnrec.core.split;

import java.util.List;

/** The protocols' splitters by name ({@link Protocol} holds the protocols and their settings). */
public final class Splitters {

    /** Protocol names accepted by {@link #byName}. */
    public static final List<String> PROTOCOLS = Protocol.NAMES;

    private Splitters() {}

    /**
     * The splitter for {@code protocol} with default settings.
     *
     * @param seed used by protocols with a random choice (the user split's shuffle)
     * @throws IllegalArgumentException for an unknown protocol name
     */
    public static Splitter byName(String protocol, long seed) {
        return byName(protocol, seed, HistoryMask.HISTORY);
    }

    /**
     * The splitter for {@code protocol} with default settings and the given history mask.
     *
     * @param seed used by protocols with a random choice (the user split's shuffle)
     * @param mask which known items the cases exclude ({@link HistoryMask#HISTORY} is the default)
     * @throws IllegalArgumentException for an unknown protocol name
     */
    public static Splitter byName(String protocol, long seed, HistoryMask mask) {
        return Protocol.of(protocol, seed, mask).splitter();
    }
}
