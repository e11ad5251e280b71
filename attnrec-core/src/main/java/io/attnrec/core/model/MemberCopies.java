package io.attnrec.core.model;

/**
 * Member names of composite models ({@code fusion}, {@code rating-blend}): {@code NAME} is the
 * registered model {@code NAME}, and {@code NAME#k} ({@code k >= 1}) a further copy of it, trained
 * with the composite's seed plus {@code k} and given its own options as {@code NAME#k.key=value}. A
 * blend of such copies averages out part of a network's dependence on its initial weights; with
 * {@code saved#k} the copies are models trained earlier ({@code saved#1.dir=DIR}).
 */
public final class MemberCopies {

    private MemberCopies() {}

    /** The registered model of a member: {@code autorec} for {@code autorec#2}. */
    public static String model(String member) {
        int h = member.indexOf('#');
        return h < 0 ? member : member.substring(0, h);
    }

    /**
     * The copy number after {@code #} (0 without one), added to the composite's seed for that
     * member; {@code owner} names the composite in the one-line error for a bad number.
     */
    public static long seedOffset(String owner, String member) {
        int h = member.indexOf('#');
        if (h < 0) {
            return 0;
        }
        try {
            long k = Long.parseLong(member.substring(h + 1));
            if (k < 1) {
                throw new NumberFormatException();
            }
            return k;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    owner + ": member '" + member + "': the copy number after '#' must be a whole number >= 1");
        }
    }
}
