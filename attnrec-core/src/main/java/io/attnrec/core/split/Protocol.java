package io.attnrec.core.split;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * An evaluation protocol (SPEC section 4) with its typed settings: which splitter it runs and
 * which metric cut-offs its reports carry. The one place that knows the protocols by name.
 */
public sealed interface Protocol {

    /** Names accepted by {@link #of}. */
    List<String> NAMES = List.of("loo", "temporal", "user", "coldstart");

    /** The protocol's name on the command line and in reports. */
    String name();

    /** The splitter with these settings. */
    Splitter splitter();

    /**
     * The cut-offs a report of this protocol gives when {@code asked} were asked for: the asked
     * ones, plus what the protocol's literature always reports.
     */
    default int[] cutoffs(int[] asked) {
        return asked.clone();
    }

    /** Leave-one-out: the newest item is the test target, the one before it validation. */
    record LeaveOneOut(LeaveOneOutSplitter.Config config) implements Protocol {

        @Override
        public String name() {
            return "loo";
        }

        @Override
        public Splitter splitter() {
            return new LeaveOneOutSplitter(config);
        }
    }

    /** A global time cut: events after the quantiles are validation and test. */
    record Temporal(TemporalSplitter.Config config) implements Protocol {

        @Override
        public String name() {
            return "temporal";
        }

        @Override
        public Splitter splitter() {
            return new TemporalSplitter(config);
        }
    }

    /** ComiRec's user split: held-out users, the first part of each sequence is the history. */
    record UserSplit(UserSplitter.Config config) implements Protocol {

        @Override
        public String name() {
            return "user";
        }

        @Override
        public Splitter splitter() {
            return new UserSplitter(config);
        }

        /** ComiRec's protocol reports Recall and HitRate at 50 (and at 20, among the defaults). */
        @Override
        public int[] cutoffs(int[] asked) {
            return IntStream.concat(Arrays.stream(asked), IntStream.of(50))
                    .distinct()
                    .toArray();
        }
    }

    /** Items withheld from training: recommending never-seen items from their content. */
    record ColdStart(ColdStartSplitter.Config config) implements Protocol {

        @Override
        public String name() {
            return "coldstart";
        }

        @Override
        public Splitter splitter() {
            return new ColdStartSplitter(config);
        }
    }

    /**
     * The protocol called {@code name} with its default settings.
     *
     * @param seed used by protocols with a random choice (the user split's shuffle)
     * @param mask which known items the cases exclude ({@link HistoryMask#HISTORY} is the default)
     * @throws IllegalArgumentException for an unknown name
     */
    static Protocol of(String name, long seed, HistoryMask mask) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "loo" -> new LeaveOneOut(LeaveOneOutSplitter.Config.defaults().withMask(mask));
            case "temporal" -> new Temporal(TemporalSplitter.Config.defaults().withMask(mask));
            case "user" -> new UserSplit(UserSplitter.Config.defaults(seed).withMask(mask));
            case "coldstart" ->
                new ColdStart(ColdStartSplitter.Config.defaults(seed).withMask(mask));
            default ->
                throw new IllegalArgumentException("unknown protocol '" + name + "'; expected one of "
                        + String.join(", ", NAMES) + " (and rating in compare)");
        };
    }
}
