package io.attnrec.core.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Field splitting and parsing shared by the loaders. Splitting is {@code indexOf}-based (no regex
 * per line) because loaders read hundreds of thousands of lines.
 */
final class Fields {

    private Fields() {}

    /**
     * Splits {@code line} at every {@code sep} into {@code out}. Returns the number of fields, or
     * {@code out.length + 1} when there are more fields than {@code out} holds.
     */
    static int split(String line, char sep, String[] out) {
        int n = 0;
        int start = 0;
        while (true) {
            int end = line.indexOf(sep, start);
            if (n == out.length) {
                return out.length + 1;
            }
            if (end < 0) {
                out[n++] = line.substring(start);
                return n;
            }
            out[n++] = line.substring(start, end);
            start = end + 1;
        }
    }

    /** Like {@link #split(String, char, String[])} with a multi-character separator such as "::". */
    static int split(String line, String sep, String[] out) {
        int n = 0;
        int start = 0;
        while (true) {
            int end = line.indexOf(sep, start);
            if (n == out.length) {
                return out.length + 1;
            }
            if (end < 0) {
                out[n++] = line.substring(start);
                return n;
            }
            out[n++] = line.substring(start, end);
            start = end + sep.length();
        }
    }

    /** Splits at runs of spaces and tabs, ignoring leading and trailing ones. */
    static void splitWhitespace(String line, List<String> out) {
        out.clear();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isSpace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** A non-empty id (trimmed); an empty one is a malformed line. */
    static String id(String value, String field) throws FieldException {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new FieldException("field '" + field + "' is empty");
        }
        return v;
    }

    static float parseFloat(String value, String field) throws FieldException {
        String v = value.trim();
        try {
            float f = Float.parseFloat(v);
            if (!Float.isFinite(f)) {
                throw new NumberFormatException();
            }
            return f;
        } catch (NumberFormatException e) {
            throw new FieldException("field '" + field + "' is not a number: '" + value + "'");
        }
    }

    /** A timestamp written as a whole number, or a decimal number (floored; RecBole writes floats). */
    static long parseNumericTime(String value, String field) throws FieldException {
        String v = value.trim();
        if (isInteger(v)) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new FieldException("field '" + field + "' is out of range: '" + value + "'");
            }
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return (long) Math.floor(d);
        } catch (NumberFormatException e) {
            throw new FieldException("field '" + field + "' is not a number: '" + value + "'");
        }
    }

    /**
     * A timestamp as epoch seconds: a number, or an ISO-8601 date ({@code 2019-03-01}, midnight
     * UTC), date-time ({@code 2019-03-01T12:00:00} or with a space, read as UTC) or date-time with
     * an offset or {@code Z}.
     */
    static long parseTime(String value, String field) throws FieldException {
        String v = value.trim();
        if (v.length() >= 10 && v.charAt(4) == '-' && v.charAt(7) == '-') {
            String iso = v.length() > 10 && v.charAt(10) == ' ' ? v.substring(0, 10) + 'T' + v.substring(11) : v;
            try {
                if (iso.length() == 10) {
                    return LocalDate.parse(iso).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
                }
                char last = iso.charAt(iso.length() - 1);
                if (last == 'Z' || last == 'z') {
                    return Instant.parse(iso.substring(0, iso.length() - 1) + 'Z')
                            .getEpochSecond();
                }
                if (hasOffset(iso)) {
                    return OffsetDateTime.parse(iso).toEpochSecond();
                }
                return LocalDateTime.parse(iso).toEpochSecond(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new FieldException("field '" + field + "' is not an ISO-8601 date or date-time: '" + value + "'");
            }
        }
        try {
            return parseNumericTime(v, field);
        } catch (FieldException e) {
            throw new FieldException(
                    "field '" + field + "' is neither a number nor an ISO-8601 date/time: '" + value + "'");
        }
    }

    /** True when the time part (after 'T') carries a +hh:mm / -hh:mm offset. */
    private static boolean hasOffset(String iso) {
        int t = iso.indexOf('T');
        return t > 0 && (iso.indexOf('+', t) > 0 || iso.indexOf('-', t) > 0);
    }

    static boolean isInteger(String v) {
        int n = v.length();
        if (n == 0) {
            return false;
        }
        int i = v.charAt(0) == '-' || v.charAt(0) == '+' ? 1 : 0;
        if (i == n) {
            return false;
        }
        for (; i < n; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The year of a MovieLens-style title ending in "(1995)", or {@code null}. Some titles carry
     * trailing spaces or no year at all.
     */
    static String yearFromTitle(String title) {
        String t = title.trim();
        int n = t.length();
        if (n >= 6 && t.charAt(n - 1) == ')' && t.charAt(n - 6) == '(') {
            String y = t.substring(n - 5, n - 1);
            if (isInteger(y) && y.charAt(0) != '-' && y.charAt(0) != '+') {
                return y;
            }
        }
        return null;
    }

    /** A four-digit year, or {@code null} (RecBole writes "unkonwn" for missing years). */
    static String year(String value) {
        String v = value.trim();
        return v.length() == 4 && isInteger(v) && Character.isDigit(v.charAt(0)) ? v : null;
    }

    /** Name normalised for matching column names: lower case without '_', '-', ' '. */
    static String normalizeName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '_' && c != '-' && c != ' ') {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    /**
     * One shared instance per distinct id string: a data set repeats each user and item id many
     * times, so pooling them keeps the event list small.
     */
    static final class Pool {
        private final Map<String, String> strings = new HashMap<>();

        String get(String s) {
            String prev = strings.putIfAbsent(s, s);
            return prev == null ? s : prev;
        }
    }
}
