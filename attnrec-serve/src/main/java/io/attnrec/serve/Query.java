package io.attnrec.serve;

import io.javalin.http.Context;

/**
 * Query parameters read with their bounds, for every route: a value out of range or of the wrong
 * kind is a 400 naming the parameter, never a 500.
 */
final class Query {

    private Query() {}

    static int integer(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int x = Integer.parseInt(v.trim());
            if (x < min || x > max) {
                throw Json.rangeError(name, "an integer", min, max, v);
            }
            return x;
        } catch (NumberFormatException e) {
            throw Json.rangeError(name, "an integer", min, max, v);
        }
    }

    static boolean bool(Context ctx, String name, boolean fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest("'" + name + "' must be true or false, got " + Json.shorten(v));
        };
    }

    static double number(Context ctx, String name, double fallback, double min, double max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            double x = Double.parseDouble(v.trim());
            if (!(x >= min && x <= max)) {
                throw ApiException.badRequest(
                        "'" + name + "' must be a number in [" + min + ", " + max + "], got " + Json.shorten(v));
            }
            return x;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "'" + name + "' must be a number in [" + min + ", " + max + "], got " + Json.shorten(v));
        }
    }
}
