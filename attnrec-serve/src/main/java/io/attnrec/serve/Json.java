package io.attnrec.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * JSON reading and writing for the API. Request bodies are read as trees and checked field by
 * field, so every type error names the field; duplicate keys and trailing garbage are rejected.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Longest external id accepted (user or item). */
    static final int MAX_ID_LENGTH = 256;

    private Json() {}

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response could not be written as JSON", e);
        }
    }

    /** Parses a request body; malformed JSON is a 400 naming the line and column. */
    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new ApiException(400, "invalid_json", "request body is empty; expected JSON");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(400, "invalid_json", "request body is empty; expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ApiException(
                    400,
                    "invalid_json",
                    "request body is not valid JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "request body could not be read: " + e.getMessage());
        }
    }

    /** Rejects fields other than {@code allowed} (a typo should not be silently ignored). */
    static void onlyFields(JsonNode object, Set<String> allowed, String what) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw ApiException.badRequest(
                        "unknown field '" + n + "' in " + what + "; allowed: " + String.join(", ", allowed));
            }
        }
    }

    /**
     * An external id: a non-empty string of at most {@value #MAX_ID_LENGTH} characters without
     * control characters or lone surrogates, or an integer (written as its decimal string, under
     * the same length limit).
     */
    static String id(JsonNode value, String field) {
        if (value != null && value.isTextual()) {
            return checkId(value.textValue(), field);
        }
        if (value != null && value.isIntegralNumber()) {
            return checkId(value.bigIntegerValue().toString(), field);
        }
        throw ApiException.badRequest("'" + field + "' must be a string or an integer id, got " + describe(value));
    }

    static String checkId(String id, String field) {
        if (id.isEmpty()) {
            throw ApiException.badRequest("'" + field + "' must not be empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw ApiException.badRequest("'" + field + "' is longer than " + MAX_ID_LENGTH + " characters");
        }
        return checkText(id, field, false);
    }

    /**
     * Rejects text that a database or log cannot hold faithfully: NUL and other control
     * characters (tab, CR and LF allowed only where {@code whitespace} says so; C1 controls never)
     * and unpaired UTF-16 surrogates, which have no UTF-8 encoding. PostgreSQL refuses NUL in
     * text, and a control character in an id forges log lines.
     */
    static String checkText(String text, String field, boolean whitespace) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(whitespace && (c == '\t' || c == '\n' || c == '\r'))) {
                throw ApiException.badRequest(String.format(
                        java.util.Locale.ROOT,
                        "'%s' contains the control character U+%04X at position %d",
                        field,
                        (int) c,
                        i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a valid pair
            } else if (Character.isSurrogate(c)) {
                throw ApiException.badRequest(String.format(
                        java.util.Locale.ROOT,
                        "'%s' contains an unpaired surrogate U+%04X at position %d (not valid Unicode text)",
                        field,
                        (int) c,
                        i));
            }
        }
        return text;
    }

    /** An optional integer in [min, max]; {@code fallback} when absent or null. */
    static int intField(JsonNode object, String field, int fallback, int min, int max) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw rangeError(field, "an integer", min, max, v);
        }
        return v.intValue();
    }

    /** An optional boolean; {@code fallback} when absent or null. */
    static boolean boolField(JsonNode object, String field, boolean fallback) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("'" + field + "' must be true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    /** An optional finite number in [min, max]; {@code fallback} when absent or null. */
    static double doubleField(JsonNode object, String field, double fallback, double min, double max) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() < min || v.doubleValue() > max) {
            throw ApiException.badRequest(
                    "'" + field + "' must be a number in [" + min + ", " + max + "], got " + describe(v));
        }
        return v.doubleValue();
    }

    static ApiException rangeError(String field, String kind, long min, long max, Object got) {
        return ApiException.badRequest(
                "'" + field + "' must be " + kind + " between " + min + " and " + max + ", got " + describe(got));
    }

    /** A short description of a JSON value for error messages (never the whole value). */
    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof JsonNode n) {
            if (n.isNull()) {
                return "null";
            }
            if (n.isTextual()) {
                return "the string " + shorten(n.textValue());
            }
            if (n.isNumber() || n.isBoolean()) {
                return shorten(n.asText());
            }
            return n.isArray() ? "an array" : "an object";
        }
        return shorten(String.valueOf(v));
    }

    static String shorten(String s) {
        String q = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return "'" + q + "'";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
