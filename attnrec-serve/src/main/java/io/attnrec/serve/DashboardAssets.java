package io.attnrec.serve;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's static files (HTML, ES modules, CSS, SVG) from the classpath folder {@code
 * dashboard/}: {@code GET /} answers {@code index.html}, {@code GET /dashboard/FILE} the rest.
 * No build step and nothing from the network: the page talks only to the REST API under {@code
 * /v1}.
 *
 * <p>Every answer carries a Content-Security-Policy that allows scripts, styles and connections
 * from this origin only, so an injected {@code <script>} or inline event handler would not run
 * even if a title slipped through unescaped (the scripts write all data with {@code
 * textContent}).
 */
final class DashboardAssets {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Flat file names only: no path separators, so nothing outside the folder can be named. */
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.(html|js|css|svg)");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /**
     * Declares {@code GET /} and {@code GET /dashboard/{file}}. They bypass the API's key check on
     * purpose: the page must load to ask for a key, and it holds no data.
     */
    void routes(JavalinDefaultRoutingApi routes) {
        routes.get("/", ctx -> serve(ctx, "/", "index.html"));
        routes.get("/dashboard/{file}", ctx -> serve(ctx, "/dashboard/{file}", ctx.pathParam("file")));
    }

    private void serve(Context ctx, String route, String file) {
        // The server's request logger labels its latency metric with this attribute.
        ctx.attribute("attnrec.route", route);
        byte[] body = FILE.matcher(file).matches() ? cache.computeIfAbsent(file, DashboardAssets::read) : null;
        if (body == null || body.length == 0) {
            cache.remove(file);
            ctx.status(404);
            Api.json(ctx, new Responses.Error("not_found", "no dashboard file '" + Json.shorten(file) + "'"));
            return;
        }
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        // Small files and a page that changes with the server version: revalidate every time.
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
        ctx.result(body);
    }

    private static byte[] read(String file) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream("/dashboard/" + file)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard file " + file, e);
        }
    }
}
