package io.attnrec.nn.train;

/** The rule checks of the neural config records' constructors: one line a rule. */
public final class Checks {

    private Checks() {}

    /** Throws {@link IllegalArgumentException} with {@code message} unless {@code ok}. */
    public static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
