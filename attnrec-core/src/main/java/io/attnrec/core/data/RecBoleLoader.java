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
 * RecBole atomic files (https://recbole.io/docs/user_guide/data/atomic_files.html): {@code
 * NAME.inter} with a typed tab-separated header such as {@code
 * user_id:token\titem_id:token\trating:float\ttimestamp:float}, and optionally {@code NAME.item}
 * with item features. Interaction columns are found by name ({@code user_id}, {@code item_id},
 * {@code rating}, {@code timestamp}) or by {@link LoadOptions#columns()}; without a timestamp the
 * line order is the time. From {@code .item}, a title column becomes the title, a genre/class
 * column the categories ({@code token_seq} values are space separated), a year column the {@code
 * year} attribute and every other column an attribute of the same name.
 */
public final class RecBoleLoader implements DataLoader {

    private static final List<String> TITLE_FIELDS =
            List.of("title", "movie_title", "item_title", "name", "item_name", "book_title", "song_title");
    private static final List<String> CATEGORY_FIELDS = List.of("class", "genre", "genres", "categories", "category");
    private static final List<String> YEAR_FIELDS = List.of("release_year", "year");

    /** A header field: its name and RecBole type (token, token_seq, float, float_seq). */
    private record Field(String name, String type) {
        boolean isSeq() {
            return type.endsWith("_seq");
        }
    }

    /** Public for {@link java.util.ServiceLoader}. */
    public RecBoleLoader() {}

    @Override
    public String format() {
        return "recbole";
    }

    @Override
    public int detect(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            for (Path f : Sources.files(path)) {
                if (Sources.lowerName(f).endsWith(".inter")) {
                    return 100;
                }
            }
            return 0;
        }
        if (!Files.isRegularFile(path)) {
            return 0;
        }
        if (Sources.lowerName(path).endsWith(".inter")) {
            return 100;
        }
        List<String> head = Sources.peek(path, 1);
        return !head.isEmpty() && isTypedHeader(head.get(0)) ? 90 : 0;
    }

    private static boolean isTypedHeader(String line) {
        String l = line.toLowerCase(Locale.ROOT);
        return l.contains("user_id:token") && l.contains("item_id:token");
    }

    @Override
    public RawData load(Path path, LoadOptions options) throws IOException {
        Path inter = interFile(path);
        Malformed bad = new Malformed(options.lenient());
        Fields.Pool pool = new Fields.Pool();
        List<Event> events = new ArrayList<>();
        Path itemFile = Sources.folderOf(inter).resolve(Sources.stem(inter) + ".item");
        String itemField;
        try (LineReader r = new LineReader(inter, LineReader.detectCharset(inter))) {
            List<Field> header = header(r, inter);
            int user = column(header, options, "user", inter, "user_id", "user");
            int item = column(header, options, "item", inter, "item_id", "item");
            int rating = optionalColumn(header, options, "rating", inter, "rating");
            int time = optionalColumn(header, options, "timestamp", inter, "timestamp", "time");
            int type = optionalColumn(header, options, "type", inter, "type", "event", "behavior");
            itemField = header.get(item).name();
            int width = header.size();
            String[] f = new String[width];
            String line;
            long row = 0;
            while ((line = r.next()) != null) {
                if (LineReader.isBlank(line)) {
                    continue;
                }
                long position = row++;
                int n = Fields.split(line, '\t', f);
                if (n != width) {
                    bad.report(
                            inter,
                            r.lineNumber(),
                            "expected " + width + " tab-separated fields as in the header, found "
                                    + (n > width ? "more" : String.valueOf(n)));
                    continue;
                }
                try {
                    String u = Fields.id(f[user], header.get(user).name());
                    String i = Fields.id(f[item], header.get(item).name());
                    float rv = rating < 0
                            ? Float.NaN
                            : Fields.parseFloat(f[rating], header.get(rating).name());
                    long ts = time < 0
                            ? position // 0-based position of the data line
                            : Fields.parseNumericTime(f[time], header.get(time).name());
                    String ty = type < 0 || f[type].isBlank() ? null : pool.get(f[type].trim());
                    events.add(new Event(pool.get(u), pool.get(i), ts, rv, ty));
                } catch (FieldException e) {
                    bad.report(inter, r.lineNumber(), e.getMessage());
                }
            }
        }
        ItemCatalog catalog =
                Files.isRegularFile(itemFile) ? readItems(itemFile, itemField, bad, pool) : ItemCatalog.empty();
        return new RawData(Sources.datasetName(path, true), format(), events, catalog, bad.skipped());
    }

    /** The {@code .inter} file: the file given, or the folder's (the one named like the folder). */
    private static Path interFile(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return path;
        }
        Path named = path.resolve(Sources.name(path.toAbsolutePath().normalize()) + ".inter");
        if (Files.isRegularFile(named)) {
            return named;
        }
        List<Path> inters = new ArrayList<>();
        for (Path f : Sources.files(path)) {
            if (Sources.lowerName(f).endsWith(".inter")) {
                inters.add(f);
            }
        }
        if (inters.size() == 1) {
            return inters.get(0);
        }
        if (inters.isEmpty()) {
            throw new IllegalArgumentException(path + " holds no RecBole .inter file");
        }
        throw new IllegalArgumentException(path + " holds several .inter files ("
                + String.join(", ", inters.stream().map(Sources::name).toList()) + "); give the one to load");
    }

    private static List<Field> header(LineReader r, Path file) throws IOException {
        String line;
        do {
            line = r.next();
            if (line == null) {
                throw new DataFormatException(file, 1, "the file is empty; expected a typed header line");
            }
        } while (LineReader.isBlank(line));
        List<Field> fields = new ArrayList<>();
        for (String raw : line.split("\t", -1)) {
            String h = raw.trim();
            int colon = h.lastIndexOf(':');
            if (colon <= 0) {
                throw new DataFormatException(
                        file,
                        r.lineNumber(),
                        "header field '" + h + "' has no type (expected name:type, e.g. user_id:token)");
            }
            fields.add(new Field(h.substring(0, colon), h.substring(colon + 1).toLowerCase(Locale.ROOT)));
        }
        return fields;
    }

    private static int column(List<Field> header, LoadOptions options, String role, Path file, String... names) {
        int c = optionalColumn(header, options, role, file, names);
        if (c < 0) {
            throw new DataFormatException(
                    file,
                    1,
                    "the header has no " + role + " column (looked for " + String.join(", ", names)
                            + "); map it with the '" + role + "' column option");
        }
        return c;
    }

    private static int optionalColumn(
            List<Field> header, LoadOptions options, String role, Path file, String... names) {
        String mapped = options.columns().get(role);
        if (mapped != null) {
            int c = indexOf(header, mapped);
            if (c < 0) {
                throw new DataFormatException(
                        file,
                        1,
                        "the header has no column '" + mapped + "' (mapped to " + role + "); columns: "
                                + String.join(
                                        ", ", header.stream().map(Field::name).toList()));
            }
            return c;
        }
        for (String n : names) {
            int c = indexOf(header, n);
            if (c >= 0) {
                return c;
            }
        }
        return -1;
    }

    private static int indexOf(List<Field> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static ItemCatalog readItems(Path file, String itemField, Malformed bad, Fields.Pool pool)
            throws IOException {
        Map<String, ItemMeta> byId = new LinkedHashMap<>();
        try (LineReader r = new LineReader(file, LineReader.detectCharset(file))) {
            List<Field> header = header(r, file);
            int id = indexOf(header, itemField);
            if (id < 0) {
                throw new DataFormatException(file, r.lineNumber(), "the header has no '" + itemField + "' column");
            }
            int title = first(header, TITLE_FIELDS);
            int cats = first(header, CATEGORY_FIELDS);
            int year = first(header, YEAR_FIELDS);
            int width = header.size();
            String[] f = new String[width];
            String line;
            while ((line = r.next()) != null) {
                if (LineReader.isBlank(line)) {
                    continue;
                }
                int n = Fields.split(line, '\t', f);
                if (n != width) {
                    bad.report(
                            file,
                            r.lineNumber(),
                            "expected " + width + " tab-separated fields as in the header, found "
                                    + (n > width ? "more" : String.valueOf(n)));
                    continue;
                }
                String itemId;
                try {
                    itemId = pool.get(Fields.id(f[id], itemField));
                } catch (FieldException e) {
                    bad.report(file, r.lineNumber(), e.getMessage());
                    continue;
                }
                String t = title < 0 ? null : f[title].trim();
                List<String> categories = new ArrayList<>();
                if (cats >= 0) {
                    if (header.get(cats).isSeq()) {
                        Fields.splitWhitespace(f[cats], categories);
                    } else if (!f[cats].isBlank()) {
                        categories.add(f[cats].trim());
                    }
                }
                Map<String, String> attrs = new LinkedHashMap<>();
                for (int c = 0; c < width; c++) {
                    if (c == id || c == title || c == cats || f[c].isBlank()) {
                        continue;
                    }
                    if (c == year) {
                        String y = Fields.year(f[c]);
                        if (y != null) {
                            attrs.put("year", y);
                        }
                    } else {
                        attrs.put(header.get(c).name(), f[c].trim());
                    }
                }
                byId.put(itemId, new ItemMeta(itemId, t == null || t.isEmpty() ? null : t, categories, attrs));
            }
        }
        return new ItemCatalog(byId);
    }

    private static int first(List<Field> header, List<String> names) {
        for (String n : names) {
            int c = indexOf(header, n);
            if (c >= 0) {
                return c;
            }
        }
        return -1;
    }
}
