package io.attnrec.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum constant with a name on the command line and in options ({@link NewItemInit}, {@link FineTuneSchedule}). */
public interface NamedChoice {

    /** The name on the command line and in options. */
    String key();

    /**
     * The constant of {@code choices} named {@code key} (case and surrounding blanks ignored);
     * otherwise a one-line error naming {@code what} and the choices.
     */
    static <E extends NamedChoice> E parse(E[] choices, String key, String what) {
        String wanted = key.trim().toLowerCase(Locale.ROOT);
        for (E c : choices) {
            if (c.key().equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + key + "' (choose one of "
                + Arrays.stream(choices).map(NamedChoice::key).collect(Collectors.joining(", ")) + ")");
    }
}
