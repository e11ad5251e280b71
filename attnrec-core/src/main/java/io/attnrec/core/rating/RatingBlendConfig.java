package io.attnrec.core.rating;

import io.attnrec.core.model.MemberCopies;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.RecordOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of {@link RatingBlend}: {@code rating-blend:members=attn-rating+svdpp,svdpp.dim=128}.
 *
 * <p>Model specs separate options with {@code ,}, so a member's own options are written with the
 * member's name as a prefix, {@code NAME.key=value}, as in {@code fusion}.
 *
 * @param members {@code members}: registered rating models joined by {@code +}, each at most once;
 *     {@code NAME#k} ({@code k >= 1}) is a further copy of {@code NAME} trained with the seed plus
 *     {@code k}, its options written {@code NAME#k.key=value}
 *     (default {@code attn-rating+autorec}: an attention factor model and an item autoencoder,
 *     whose errors are less alike than those of the factor models; chosen on the held-out slices
 *     of the five ML-100K training folds, issue 18 item 7, session 12 — the earlier default
 *     {@code attn-rating+svdpp+biasedmf} was worse on every fold)
 * @param blendFraction {@code blend_fraction}: share of the training ratings held out to fit the
 *     weights, in (0, 0.5] (default 0.1)
 * @param blendUsers {@code blend_users}: 0 (default) holds out each training rating with
 *     probability {@code blend_fraction}; a share {@code s} in (0, 1] shapes the slice by users
 *     instead, as a test fold of users with few known ratings is shaped (ML-100K's u1): a user is
 *     drawn with probability {@code blend_fraction / s} and loses each rating with probability
 *     {@code s}, so the weights are fitted where such users are; needs {@code blend_fraction <= s}
 * @param ridge {@code ridge}: L2 weight on the member weights (not the intercept), >= 0 (default 1)
 * @param support {@code support}: let each member's weight vary with the support of the user and
 *     of the item, {@code w_j + a_j log(1 + n_u) + c_j log(1 + n_i)} (feature-weighted linear
 *     stacking, Sill et al. 2009; {@code n} counts the ratings the members were trained on), plus
 *     the two log supports as features of their own; default true (better on the held-out slice of
 *     every ML-100K training fold; false = one weight per member, the behaviour before session 12)
 * @param recent {@code recent}: time scale in seconds of one more feature, how far above or below
 *     their usual level the user rated in the minutes before the request ({@link RecentResidual});
 *     default 300 (five minutes; chosen on the held-out slices of the five ML-100K training folds,
 *     ml-latest-small and ml-1m-partial, issue 18 item 7, session 16: better than off on every
 *     one, and than 60 or 1,800 s on u1); 0 = off, the behaviour before session 16. Read only when
 *     a prediction comes with its time (the rating protocol gives each test rating's); without one
 *     the feature is 0
 * @param recentShrink {@code recent_shrink}: pseudo-ratings of residual 0 in that average, >= 0
 *     (default 3; 1 and 10 within 0.0004 of it on u1's held-out slice)
 * @param options the members' own options, by member name
 */
record RatingBlendConfig(
        List<String> members,
        double blendFraction,
        double blendUsers,
        double ridge,
        boolean support,
        double recent,
        double recentShrink,
        Map<String, Map<String, String>> options) {

    public RatingBlendConfig {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException(RatingBlend.NAME + ": members needs at least one model");
        }
        if (members.stream().distinct().count() != members.size()) {
            throw new IllegalArgumentException(RatingBlend.NAME + ": a member appears twice in " + members);
        }
        members.forEach(RatingBlendConfig::seedOffset); // a bad copy number is an error here, not at training
        if (members.stream().map(MemberCopies::model).anyMatch(RatingBlend.NAME::equals)) {
            throw new IllegalArgumentException(RatingBlend.NAME + ": cannot blend itself");
        }
        if (!(blendFraction > 0 && blendFraction <= 0.5)) {
            throw new IllegalArgumentException(
                    RatingBlend.NAME + ": blend_fraction must be in (0, 0.5], got " + blendFraction);
        }
        if (!(blendUsers == 0 || (blendUsers >= blendFraction && blendUsers <= 1))) {
            throw new IllegalArgumentException(
                    RatingBlend.NAME + ": blend_users must be 0 or in [blend_fraction, 1] (a "
                            + "drawn user's share of held-out ratings), got " + blendUsers);
        }
        requireFinite("ridge", ridge, "");
        requireFinite("recent", recent, " of seconds");
        requireFinite("recent_shrink", recentShrink, "");
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        options.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        for (String owner : copy.keySet()) {
            if (!members.contains(owner)) {
                throw new IllegalArgumentException(
                        RatingBlend.NAME + ": options for '" + owner + "', which is not among members " + members);
            }
        }
        options = Map.copyOf(copy);
    }

    private static void requireFinite(String key, double value, String unit) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    RatingBlend.NAME + ": " + key + " must be a number" + unit + " >= 0, got " + value);
        }
    }

    public static RatingBlendConfig defaults() {
        return new RatingBlendConfig(List.of("attn-rating", "autorec"), 0.1, 0, 1.0, true, 300, 3, Map.of());
    }

    /**
     * Columns of the regression without the intercept: one per member, or three per member and two;
     * one more with {@code recent}.
     */
    int features() {
        return (support ? 3 * members.size() + 2 : members.size()) + (recent > 0 ? 1 : 0);
    }

    /** The copy number of a member, added to the blend's seed ({@link MemberCopies#seedOffset}). */
    static long seedOffset(String member) {
        return MemberCopies.seedOffset(RatingBlend.NAME, member);
    }

    /** A member's own options (empty when none were given). */
    public Map<String, String> memberOptions(String member) {
        return options.getOrDefault(member, Map.of());
    }

    /** Reads the keys above and {@code NAME.key} member options; unknown keys are an error. */
    public static RatingBlendConfig from(ModelOptions o) {
        return RecordOptions.parseAll(RatingBlendConfig.class, defaults(), o);
    }

    /** The options {@link #from} reads back into this config. */
    public Map<String, String> toOptions() {
        return RecordOptions.toOptions(this);
    }
}
