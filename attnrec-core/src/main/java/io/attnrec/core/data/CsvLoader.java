package io.attnrec.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Any CSV/TSV interaction log with a header line. Columns are found through {@link
 * LoadOptions#columns()} (role -> header name) or by common names, ignoring case and underscores:
 * user ({@code user}, {@code user_id}, {@code userId}, ...), item ({@code item}, {@code item_id},
 * {@code movieId}, {@code product_id}, ...), timestamp ({@code timestamp}, {@code time}, {@code
 * ts}, ...), rating, type ({@code type}, {@code event}, ...). Only user and item are required; an
 * empty rating means "no rating". The delimiter (comma, tab or semicolon) is detected from the
 * header unless given. Timestamps are numbers (seconds) or ISO-8601 dates/date-times, read as UTC
 * when they carry no offset; without a timestamp column the row order is the time.
 *
 * <p>An optional {@code items.csv} / {@code items.tsv} beside the file adds metadata: an id column
 * (as for item, or {@code id}), {@code title}/{@code name}, {@code categories}/{@code genres}
 * ({@code |}-separated); every other column becomes an attribute.
 */
public final class CsvLoader implements DataLoader {

    /** Column names tried for each role when the mapping does not name one (normalised). */
    static final Map<String, List<String>> DEFAULT_NAMES = Map.of(
            "user", List.of("user", "userid", "uid", "customer", "customerid", "visitorid", "reviewerid"),
            "item", List.of("item", "itemid", "iid", "movieid", "productid", "product", "asin", "articleid", "trackid"),
            "timestamp", List.of("timestamp", "time", "ts", "datetime", "date", "eventtime", "unixreviewtime"),
            "rating", List.of("rating", "score", "stars", "overall"),
            "type", List.of("type", "event", "eventtype", "action", "behavior", "behaviour"));

    private static final List<String> ITEM_FILES = List.of("items.csv", "items.tsv", "item.csv", "item.tsv");
    private static final List<String> TITLE_NAMES = List.of("title", "name", "itemname", "itemtitle");
    private static final List<String> CATEGORY_NAMES = List.of("categories", "category", "genres", "genre");

    /** Public for {@link java.util.ServiceLoader}. */
    public CsvLoader() {}

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public int detect(Path path) throws IOException {
        // A delimited header that names user and item columns is a strong signal: it beats the
        // whitespace formats (a tab-separated two-column file also looks like SASRec pairs) but not
        // a MovieLens or RecBole layout, whose names are more specific.
        if (Files.isRegularFile(path)) {
            return looksLikeLog(path) ? 70 : 0;
        }
        if (!Files.isDirectory(path)) {
            return 0;
        }
        int hits = logFiles(path).size();
        return hits == 1 ? 70 : hits > 1 ? 20 : 0;
    }

    /** A delimited header naming a user and an item column by the default names. */
    private static boolean looksLikeLog(Path file) throws IOException {
        List<String> head = Sources.peek(file, 1);
        if (head.isEmpty()) {
            return false;
        }
        char sep = CsvReader.detectDelimiter(head.get(0));
        if (sep == '\0') {
            return false;
        }
        List<String> names = new ArrayList<>();
        for (String h : head.get(0).split(String.valueOf(sep), -1)) {
            names.add(Fields.normalizeName(h.replace("\"", "").trim()));
        }
        return find(names, DEFAULT_NAMES.get("user")) >= 0 && find(names, DEFAULT_NAMES.get("item")) >= 0;
    }

    private static List<Path> logFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path f : Sources.files(dir)) {
            String n = Sources.lowerName(f);
            if ((n.endsWith(".csv") || n.endsWith(".tsv")) && !Sources.isDocumentation(f) && looksLikeLog(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static int find(List<String> normalizedHeader, List<String> names) {
        for (String n : names) {
            int c = normalizedHeader.indexOf(n);
            if (c >= 0) {
                return c;
            }
        }
        return -1;
    }

    @Override
    public RawData load(Path path, LoadOptions options) throws IOException {
        Path file = path;
        if (Files.isDirectory(path)) {
            List<Path> logs = logFiles(path);
            if (logs.size() != 1) {
                throw new IllegalArgumentException(
                        logs.isEmpty()
                                ? path + " holds no CSV/TSV file with user and item columns; give the file"
                                : path + " holds several interaction files ("
                                        + String.join(
                                                ", ",
                                                logs.stream().map(Sources::name).toList())
                                        + "); give the one to load");
            }
            file = logs.get(0);
        }
        Malformed bad = new Malformed(options.lenient());
        Fields.Pool pool = new Fields.Pool();
        List<Event> events = new ArrayList<>();
        char sep = delimiter(file, options);
        try (CsvReader r = new CsvReader(new LineReader(file, LineReader.detectCharset(file)), sep)) {
            List<String> header = readHeader(r, file);
            int width = header.size();
            int user = column(header, options, "user", file, r.recordLine(), true);
            int item = column(header, options, "item", file, r.recordLine(), true);
            int time = column(header, options, "timestamp", file, r.recordLine(), false);
            int rating = column(header, options, "rating", file, r.recordLine(), false);
            int type = column(header, options, "type", file, r.recordLine(), false);
            r.forEachRecord(file, bad, width, " as in the header", (f, position) -> {
                String u = Fields.id(f.get(user), header.get(user));
                String i = Fields.id(f.get(item), header.get(item));
                long ts = time < 0 ? position : Fields.parseTime(f.get(time), header.get(time));
                float rv = rating < 0 || f.get(rating).isBlank()
                        ? Float.NaN
                        : Fields.parseFloat(f.get(rating), header.get(rating));
                String ty = type < 0 || f.get(type).isBlank()
                        ? null
                        : pool.get(f.get(type).trim());
                events.add(new Event(pool.get(u), pool.get(i), ts, rv, ty));
            });
        }
        ItemCatalog catalog = readItems(file, options, bad, pool);
        return new RawData(Sources.datasetName(path, false), format(), events, catalog, bad.skipped());
    }

    /** The item id column: the one {@code --columns item=NAME} maps, else a usual name, else {@code id}. */
    private static int itemColumn(List<String> norm, String mapped) {
        int id = mapped == null ? -1 : norm.indexOf(Fields.normalizeName(mapped));
        if (id < 0) {
            id = find(norm, DEFAULT_NAMES.get("item"));
        }
        return id >= 0 ? id : norm.indexOf("id");
    }

    private static char delimiter(Path file, LoadOptions options) throws IOException {
        if (options.delimiter() != null) {
            return options.delimiter().charAt(0);
        }
        List<String> head = Sources.peek(file, 1);
        if (head.isEmpty()) {
            throw new DataFormatException(file, 1, "the file is empty; expected a header line");
        }
        char sep = CsvReader.detectDelimiter(head.get(0));
        if (sep == '\0') {
            throw new DataFormatException(
                    file, 1, "the header has no comma, tab or semicolon; give the delimiter explicitly");
        }
        return sep;
    }

    private static List<String> readHeader(CsvReader r, Path file) throws IOException {
        List<String> h;
        try {
            h = r.next();
        } catch (FieldException e) {
            throw new DataFormatException(file, r.recordLine(), e.getMessage());
        }
        if (h == null) {
            throw new DataFormatException(file, 1, "the file is empty; expected a header line");
        }
        List<String> out = new ArrayList<>(h.size());
        for (String name : h) {
            out.add(name.trim());
        }
        return out;
    }

    /** Index of the column for {@code role}, or -1 when it is optional and absent. */
    static int column(
            List<String> header, LoadOptions options, String role, Path file, long headerLine, boolean required) {
        List<String> norm = header.stream().map(Fields::normalizeName).toList();
        String mapped = options.columns().get(role);
        if (mapped != null) {
            int c = header.indexOf(mapped);
            if (c < 0) {
                c = norm.indexOf(Fields.normalizeName(mapped));
            }
            if (c < 0) {
                throw new DataFormatException(
                        file,
                        headerLine,
                        "the header has no column '" + mapped + "' (mapped to " + role + "); columns: "
                                + String.join(", ", header));
            }
            return c;
        }
        int c = find(norm, DEFAULT_NAMES.get(role));
        if (c < 0 && required) {
            throw new DataFormatException(
                    file,
                    headerLine,
                    "found no " + role + " column among " + String.join(", ", header) + "; map it with the '" + role
                            + "' column option");
        }
        return c;
    }

    static ItemCatalog readItems(Path events, LoadOptions options, Malformed bad, Fields.Pool pool) throws IOException {
        Path folder = Sources.folderOf(events);
        Path file = null;
        for (String n : ITEM_FILES) {
            Path f = folder.resolve(n);
            if (Files.isRegularFile(f) && !Files.isSameFile(f, events)) {
                file = f;
                break;
            }
        }
        if (file == null) {
            return ItemCatalog.empty();
        }
        List<String> head = Sources.peek(file, 1);
        char sep = options.delimiter() != null
                ? options.delimiter().charAt(0)
                : head.isEmpty() ? ',' : CsvReader.detectDelimiter(head.get(0));
        Map<String, ItemMeta> byId = new LinkedHashMap<>();
        try (CsvReader r =
                new CsvReader(new LineReader(file, LineReader.detectCharset(file)), sep == '\0' ? ',' : sep)) {
            List<String> header = readHeader(r, file);
            List<String> norm = header.stream().map(Fields::normalizeName).toList();
            String mapped = options.columns().get("item");
            int id = itemColumn(norm, mapped);
            if (id < 0) {
                throw new DataFormatException(
                        file, r.recordLine(), "found no item id column among " + String.join(", ", header));
            }
            int title = find(norm, TITLE_NAMES);
            int cats = find(norm, CATEGORY_NAMES);
            int width = header.size();
            r.forEachRecord(file, bad, width, " as in the header", (f, position) -> {
                String itemId = pool.get(Fields.id(f.get(id), header.get(id)));
                List<String> categories = new ArrayList<>();
                if (cats >= 0) {
                    for (String c : f.get(cats).split("\\|")) {
                        if (!c.isBlank()) {
                            categories.add(c.trim());
                        }
                    }
                }
                Map<String, String> attrs = new LinkedHashMap<>();
                for (int c = 0; c < width; c++) {
                    if (c != id && c != title && c != cats && !f.get(c).isBlank()) {
                        attrs.put(
                                header.get(c).toLowerCase(Locale.ROOT), f.get(c).trim());
                    }
                }
                String t = title < 0 ? null : f.get(title).trim();
                byId.put(itemId, new ItemMeta(itemId, t == null || t.isEmpty() ? null : t, categories, attrs));
            });
        }
        return new ItemCatalog(byId);
    }
}
