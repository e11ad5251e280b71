package io.attnrec.serve;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Who may do what, checked by path before any route runs (a Javalin {@code before} handler).
 *
 * <p>Everything under {@code /v1/} and {@code /metrics} is protected <em>by default</em>: a route
 * added later under {@code /v1/} needs a key without anyone remembering to ask for one. Only the
 * routes in {@link #OPEN_READS} (no user's data in them) are readable without a key. {@code
 * /health}, {@code /ready}, {@code /live} and anything outside {@code /v1/} (dashboard assets)
 * stay open.
 *
 * <ul>
 *   <li>Reads ({@code GET}, {@code HEAD}, and the {@code POST} routes in {@link #POST_READS}) need a
 *       read key or a write key when read keys are configured.
 *   <li>Every other method is a write and needs a write key when write keys are configured; a read
 *       key on a write is 403.
 *   <li>A request carrying an {@code Origin} header must come from the server's own origin
 *       (loopback or bind address at the server's port) or a configured allowed origin: a page of
 *       another site open in a browser on the same machine cannot post events or swap models.
 *   <li>{@code POST}, {@code PUT} and {@code PATCH} need {@code Content-Type: application/json}: a
 *       browser sends a cross-site form or {@code text/plain} post without asking, but not JSON.
 * </ul>
 */
final class AccessControl implements Handler {

    /** Route patterns ({@code METHOD /path/{param}}) readable without a key: no user's data. */
    static final List<String> OPEN_READS = List.of("GET /v1/items/{id}/similar", "POST /v1/recommendations");

    /** {@code POST} routes that only read (they take a body but change nothing). */
    static final List<String> POST_READS = List.of("POST /v1/recommendations");

    private final List<byte[]> writeKeys;
    private final List<byte[]> readKeys;
    private final boolean readsNeedKey;
    private final boolean writesNeedKey;
    private final ServerConfig config;
    private final IntSupplier port;

    /** @param port the port the server really listens on (known only once started) */
    AccessControl(ServerConfig config, IntSupplier port) {
        this.config = config;
        this.port = port;
        this.writeKeys = bytes(config.apiKeys());
        Set<String> readers = new LinkedHashSet<>(config.readKeys());
        readers.addAll(config.apiKeys()); // a write key also reads
        this.readKeys = bytes(readers);
        this.writesNeedKey = !config.apiKeys().isEmpty();
        this.readsNeedKey = !config.readKeys().isEmpty();
    }

    @Override
    public void handle(Context ctx) {
        String path = normalize(ctx.path());
        if (!isProtected(path)) {
            return;
        }
        String method = ctx.method().name();
        checkOrigin(ctx.header("Origin"));
        boolean read = method.equals("GET") || method.equals("HEAD") || matches(POST_READS, method, path);
        if (read) {
            if (readsNeedKey && !matches(OPEN_READS, method, path)) {
                requireKey(ctx, readKeys, "a read key or a write key");
            }
        } else if (writesNeedKey) {
            String given = bearer(ctx);
            if (!anyEquals(writeKeys, given)) {
                if (anyEquals(readKeys, given)) {
                    throw new ApiException(403, "forbidden", "this key may only read; writes need a write key");
                }
                unauthorized(ctx, given == null ? null : "the key is not valid for writes");
            }
        }
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            requireJson(ctx.header("Content-Type"));
        }
    }

    /** Under {@code /v1/} or {@code /metrics}. */
    static boolean isProtected(String normalizedPath) {
        return normalizedPath.equals("/v1")
                || normalizedPath.startsWith("/v1/")
                || normalizedPath.equals("/metrics")
                || normalizedPath.startsWith("/metrics/");
    }

    /**
     * The path as routes see it, for the prefix check: repeated slashes collapsed and lower case,
     * so that {@code //v1/...} or {@code /V1/...} can never slip past as "not under /v1".
     */
    static String normalize(String path) {
        String p = path == null ? "/" : path.replaceAll("/{2,}", "/").toLowerCase(Locale.ROOT);
        return p.startsWith("/") ? p : "/" + p;
    }

    private void checkOrigin(String origin) {
        if (origin == null) {
            return; // not a browser (curl, a service), or a same-origin GET
        }
        String normal = normalizeOrigin(origin);
        if (normal != null
                && (config.allowedOrigins().contains(normal) || ownOrigins().contains(normal))) {
            return;
        }
        throw new ApiException(
                403,
                "forbidden_origin",
                "requests from the web origin " + Json.shorten(origin) + " are refused; only the server's own"
                        + " origin and configured allowed origins (--allowed-origin) may call the API from a browser");
    }

    /** The origins a page served by this server itself has: loopback names and the bind host. */
    private Set<String> ownOrigins() {
        int p = port.getAsInt();
        Set<String> hosts = new LinkedHashSet<>(List.of("127.0.0.1", "localhost", "[::1]"));
        String bind = config.host();
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) {
            hosts.add(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String h : hosts) {
            for (String scheme : List.of("http", "https")) {
                String o = normalizeOrigin(scheme + "://" + h + ":" + p);
                if (o != null) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /**
     * {@code scheme://host:port} in lower case with the default port made explicit, or {@code
     * null} when {@code origin} is not an http(s) origin (e.g. {@code null} from a sandboxed page).
     */
    static String normalizeOrigin(String origin) {
        if (origin == null) {
            return null;
        }
        try {
            URI u = new URI(origin.trim());
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (!("http".equals(scheme) || "https".equals(scheme)) || u.getHost() == null) {
                return null;
            }
            if ((u.getRawPath() != null
                            && !u.getRawPath().isEmpty()
                            && !u.getRawPath().equals("/"))
                    || u.getRawQuery() != null
                    || u.getRawUserInfo() != null) {
                return null;
            }
            int p = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + p;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void requireJson(String contentType) {
        String mime =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json")) {
            throw new ApiException(
                    415,
                    "unsupported_media_type",
                    "requests with a body must have the header 'Content-Type: application/json', got "
                            + (contentType == null ? "none" : Json.shorten(contentType)));
        }
    }

    private void requireKey(Context ctx, List<byte[]> accepted, String what) {
        String given = bearer(ctx);
        if (!anyEquals(accepted, given)) {
            unauthorized(ctx, given == null ? null : "the key is not valid; this request needs " + what);
        }
    }

    private static void unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Bearer");
        throw new ApiException(
                401,
                "unauthorized",
                message != null ? message : "this request needs the header 'Authorization: Bearer KEY'");
    }

    /** The key of an {@code Authorization: Bearer KEY} header, or {@code null}. */
    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    private static boolean anyEquals(List<byte[]> keys, String given) {
        if (given == null) {
            return false;
        }
        byte[] g = given.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] key : keys) {
            // Constant-time comparison, and no early exit, so timing does not reveal a key prefix.
            ok |= MessageDigest.isEqual(g, key);
        }
        return ok;
    }

    /** Whether {@code METHOD path} matches one of the {@code patterns} ({@code {x}} = one segment). */
    static boolean matches(List<String> patterns, String method, String normalizedPath) {
        String[] parts = normalizedPath.split("/", -1);
        for (String pattern : patterns) {
            int space = pattern.indexOf(' ');
            if (!pattern.substring(0, space).equals(method)) {
                continue;
            }
            String[] want =
                    pattern.substring(space + 1).toLowerCase(Locale.ROOT).split("/", -1);
            // A trailing slash is the same route to Javalin.
            String[] got = parts.length > 1 && parts[parts.length - 1].isEmpty()
                    ? java.util.Arrays.copyOf(parts, parts.length - 1)
                    : parts;
            if (want.length != got.length) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < want.length && ok; i++) {
                ok = want[i].startsWith("{") ? !got[i].isEmpty() : want[i].equals(got[i]);
            }
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static List<byte[]> bytes(Set<String> keys) {
        List<byte[]> out = new ArrayList<>();
        keys.forEach(k -> out.add(k.getBytes(StandardCharsets.UTF_8)));
        return List.copyOf(out);
    }
}
