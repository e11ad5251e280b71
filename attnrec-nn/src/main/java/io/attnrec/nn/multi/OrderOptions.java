package io.attnrec.nn.multi;

import io.attnrec.core.model.ConfigRules;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import java.util.Map;

/**
 * Order-aware inputs for a multi-interest extractor ({@link OrderContext}, issue 19). Option keys,
 * shared by {@code comirec-sa}, {@code comirec-dr} and {@code mind}:
 *
 * @param blocks {@code context}: causal self-attention blocks over the history before the interest
 *     extraction, >= 0; the extractor then reads the blocks' outputs instead of the raw item
 *     embeddings; 0 = the family as published
 * @param dropout {@code context_dropout}: dropout in [0, 1) inside the blocks (their input, attention
 *     weights and feed-forward layers, as SASRec's); without it the blocks over-fit at once (on the
 *     default planted world ComiRec-SA's training loss fell to 2.1 while validation Recall@50 stayed
 *     at 0.65)
 * @param mode {@code context_mode}: what the blocks' outputs are used for — {@code input} (the
 *     extractor reads them instead of the raw embeddings), {@code interest} (the extractor reads the
 *     raw embeddings as published, and the newest position's output — SASRec's user vector — is
 *     one more interest, so the max over interests can follow the order) or {@code both}
 * @param successorMap {@code successor_map}: a learned D x D map (starting as the identity) applied
 *     to every interest before it scores items: an interest pooled from history items can then point
 *     at the items that follow them, which one shared item table cannot (it scores an item's
 *     neighbours, not its successor); independent of {@code context}
 */
public record OrderOptions(
        @RecordOptions.Key("context") int blocks,
        @RecordOptions.Key("context_dropout") double dropout,
        @RecordOptions.Key("context_mode") Mode mode,
        @RecordOptions.Key("successor_map") boolean successorMap) {

    public OrderOptions {
        // shared by the three families: the message names the option group
        ConfigRules.atLeast(GROUP, "context", blocks, 0);
        ConfigRules.fraction(GROUP, "context_dropout", dropout);
        ConfigRules.required(GROUP, "context_mode", mode);
    }

    private static final String GROUP = "order options";

    /**
     * No blocks; for when they are switched on, dropout 0.5 (SASRec's) and the newest output as one
     * more interest ({@code interest}: on the default planted world's validation users it kept
     * every family's Recall@50 within 0.017 and raised Recall@20 by about 0.04, where {@code input}
     * lost 0.05 for ComiRec-SA and learned slowly for DR and MIND; bench/RESULTS.md, issue 19,
     * session 9).
     */
    public static OrderOptions defaults() {
        return new OrderOptions(0, 0.5, Mode.INTEREST, false);
    }

    /** The same with {@code n} blocks used as {@code m} (a family's own default). */
    public OrderOptions with(int n, Mode m) {
        return new OrderOptions(n, dropout, m, successorMap);
    }

    /** Whether the extractor reads the blocks' outputs (else the raw embeddings). */
    public boolean readsContext() {
        return blocks > 0 && mode != Mode.INTEREST;
    }

    /** Interests added by the blocks: the newest position's output, or none. */
    public int extraInterests() {
        return blocks > 0 && mode != Mode.INPUT ? 1 : 0;
    }

    /** Reads the keys above over {@code d} (the caller checks for unknown keys). */
    public static OrderOptions parse(ModelOptions options, OrderOptions d) {
        return RecordOptions.parse(OrderOptions.class, d, options);
    }

    public Map<String, String> toOptions() {
        return RecordOptions.toOptions(this);
    }

    /** The blocks these options ask for, or null when there are none. */
    public OrderContext block(int maxLen, int dim) {
        return blocks == 0 ? null : new OrderContext(blocks, maxLen, dim, dropout);
    }

    /** What the blocks' outputs are used for ({@code context_mode}). */
    public enum Mode {
        INPUT,
        INTEREST,
        BOTH;

        /** {@code input}, {@code interest} or {@code both}. */
        public static Mode parse(String text) {
            return RecordOptions.choice(
                    Mode.class, text, "context_mode must be input, interest or both, not '" + text + "'");
        }

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
