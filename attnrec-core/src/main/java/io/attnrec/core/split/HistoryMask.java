package io.attnrec.core.split;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which of a user's known items an evaluation case removes from the ranking (SPEC section 4, as
 * corrected by issue 18).
 *
 * <p>The mask must not depend on the label. Excluding "the history but not the target" does: a
 * target that repeats a history item is then the only history item left to rank, and a model that
 * scores known items high finds it for free. So {@link #HISTORY} excludes the whole history, target
 * or not, and a repeated target can never be ranked: it counts as a miss (it stays a target, in the
 * denominators of recall, NDCG and MAP), as in RecBole and the S3-Rec/ICLRec evaluation code.
 * {@link #NONE} masks nothing: every item, known or not, is ranked, so repeated targets are
 * reachable; this is the repeat-aware protocol for domains where people consume again (music,
 * groceries), and ComiRec's original evaluation. Its figures are not comparable with {@link
 * #HISTORY}'s and the report names it.
 */
public enum HistoryMask {
    /** Exclude every history item; a repeated target is a miss. The default. */
    HISTORY("history", "misses (the whole history is excluded)"),
    /** Exclude nothing; a repeated target can be ranked (repeat-aware protocol). */
    NONE("none", "rankable (repeat-aware: nothing excluded)");

    private final String label;
    private final String repeatedTargets;

    HistoryMask(String label, String repeatedTargets) {
        this.label = label;
        this.repeatedTargets = repeatedTargets;
    }

    /** The name on the command line and in reports. */
    public String label() {
        return label;
    }

    /** What happens to a target that repeats a history item, in words for the report. */
    public String repeatedTargets() {
        return repeatedTargets;
    }

    /**
     * The mask named {@code name} ({@code history} or {@code none}, any case).
     *
     * @throws IllegalArgumentException for another name
     */
    public static HistoryMask byName(String name) {
        for (HistoryMask m : values()) {
            if (m.label.equals(name.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown history mask '" + name + "'; expected one of "
                + Arrays.stream(values()).map(HistoryMask::label).collect(Collectors.joining(", ")));
    }

    /** The excluded items of a case with this history: distinct and sorted, or none. */
    public int[] excluded(int[] history) {
        return this == HISTORY ? SplitSupport.distinctSortedWithout(history, 0) : SplitSupport.NO_INTS;
    }
}
