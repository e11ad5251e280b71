package io.attnrec.core.split;

import java.util.List;
import java.util.Locale;

/** The protocols by name, with their default settings (SPEC section 4). */
public final class Splitters {

    /** Protocol names accepted by {@link #byName}. */
    public static final List<String> PROTOCOLS = List.of("loo", "temporal", "user", "coldstart");

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
        return switch (protocol.toLowerCase(Locale.ROOT)) {
            case "loo" ->
                new LeaveOneOutSplitter(LeaveOneOutSplitter.Config.defaults().withMask(mask));
            case "temporal" ->
                new TemporalSplitter(TemporalSplitter.Config.defaults().withMask(mask));
            case "user" -> new UserSplitter(UserSplitter.Config.defaults(seed).withMask(mask));
            case "coldstart" ->
                new ColdStartSplitter(ColdStartSplitter.Config.defaults(seed).withMask(mask));
            default ->
                throw new IllegalArgumentException("unknown protocol '" + protocol + "'; expected one of "
                        + String.join(", ", PROTOCOLS) + " (and rating in compare)");
        };
    }
}
