package io.attnrec.core.data;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * MovieLens in its three published layouts (GroupLens, https://grouplens.org/datasets/movielens/):
 *
 * <ul>
 *   <li>ML-100K: {@code u.data} ({@code user\titem\trating\ttimestamp}, also {@code u1.base} etc.),
 *       {@code u.item} ({@code |}-separated, Latin-1: id, title, release date, video date, IMDb URL,
 *       19 genre flags) and {@code u.genre} (genre names);
 *   <li>ML-1M / 10M: {@code ratings*.dat} ({@code UserID::MovieID::Rating::Timestamp}) and {@code
 *       movies.dat} ({@code MovieID::Title::Genre|Genre}, Latin-1);
 *   <li>ml-latest(-small): {@code ratings.csv} with header, {@code movies.csv} (quoted titles may
 *       contain commas; genres {@code |}-separated), {@code tags.csv} (free-text tags, kept as the
 *       {@code tags} attribute).
 * </ul>
 *
 * Accepts the folder or the ratings file itself; metadata is looked for beside it and is optional.
 * The {@code year} attribute comes from the release date (100K) or the title's "(1995)".
 */
public final class MovieLensLoader implements DataLoader {

    /** Genre names of ML-100K, used when {@code u.genre} is missing. */
    static final List<String> ML100K_GENRES = List.of(
            "unknown",
            "Action",
            "Adventure",
            "Animation",
            "Children's",
            "Comedy",
            "Crime",
            "Documentary",
            "Drama",
            "Fantasy",
            "Film-Noir",
            "Horror",
            "Musical",
            "Mystery",
            "Romance",
            "Sci-Fi",
            "Thriller",
            "War",
            "Western");

    private enum Layout {
        ML100K,
        ML1M,
        LATEST
    }

    private record Source(Layout layout, Path ratings, Path folder) {}

    /** Public for {@link java.util.ServiceLoader}. */
    public MovieLensLoader() {}

    @Override
    public String format() {
        return "movielens";
    }

    @Override
    public int detect(Path path) throws IOException {
        try {
            Source s = resolve(path);
            if (s == null) {
                return 0;
            }
            // A file recognised only by its content (a headerless u.data look-alike) is a weaker
            // signal than a folder or a file with a MovieLens name.
            return s.layout == Layout.ML100K && !Files.isDirectory(path) && !hasMl100kName(path) ? 40 : 100;
        } catch (IllegalArgumentException e) {
            return 90; // clearly MovieLens, but ambiguous: load() explains which file to name
        }
    }

    @Override
    public RawData load(Path path, LoadOptions options) throws IOException {
        Source s = resolve(path);
        if (s == null) {
            throw new IllegalArgumentException(path + " is not a MovieLens folder or ratings file"
                    + " (expected u.data, ratings*.dat or ratings.csv)");
        }
        Malformed bad = new Malformed(options.lenient());
        Fields.Pool pool = new Fields.Pool();
        List<Event> events;
        ItemCatalog catalog;
        switch (s.layout) {
            case ML100K -> {
                events = readRatings(s.ratings, StandardCharsets.ISO_8859_1, "\t", bad, pool);
                catalog = readMl100kItems(s.folder, bad, pool);
            }
            case ML1M -> {
                events = readRatings(s.ratings, StandardCharsets.ISO_8859_1, "::", bad, pool);
                catalog = readDatMovies(s.folder.resolve("movies.dat"), bad, pool);
            }
            default -> {
                events = readLatestRatings(s.ratings, bad, pool);
                catalog = readLatestMovies(s.folder, bad, pool);
            }
        }
        return new RawData(Sources.datasetName(path, true), format(), events, catalog, bad.skipped());
    }

    // ---------------------------------------------------------------- layout

    private static boolean hasMl100kName(Path file) {
        String n = Sources.lowerName(file);
        return n.equals("u.data") || (n.startsWith("u") && (n.endsWith(".base") || n.endsWith(".test")));
    }

    /** The layout of {@code path}, or {@code null} when it is not MovieLens. */
    private static Source resolve(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve("u.data"))) {
                return new Source(Layout.ML100K, path.resolve("u.data"), path);
            }
            if (Files.isRegularFile(path.resolve("ratings.dat"))) {
                return new Source(Layout.ML1M, path.resolve("ratings.dat"), path);
            }
            List<Path> dats = new ArrayList<>();
            for (Path f : Sources.files(path)) {
                String n = Sources.lowerName(f);
                if (n.startsWith("ratings") && n.endsWith(".dat")) {
                    dats.add(f);
                }
            }
            if (dats.size() == 1) {
                return new Source(Layout.ML1M, dats.get(0), path);
            }
            if (dats.size() > 1) {
                throw new IllegalArgumentException(path + " holds several ratings files ("
                        + String.join(", ", dats.stream().map(Sources::name).toList())
                        + "); give the one to load");
            }
            Path csv = path.resolve("ratings.csv");
            if (Files.isRegularFile(csv) && isLatestHeader(csv)) {
                return new Source(Layout.LATEST, csv, path);
            }
            return null;
        }
        if (!Files.isRegularFile(path)) {
            return null;
        }
        Path folder = Sources.folderOf(path);
        String n = Sources.lowerName(path);
        List<String> head = Sources.peek(path, 5);
        if (head.isEmpty()) {
            return hasMl100kName(path) ? new Source(Layout.ML100K, path, folder) : null;
        }
        if (n.endsWith(".dat") && countFields(head.get(0), "::") == 4) {
            return new Source(Layout.ML1M, path, folder);
        }
        if (n.endsWith(".csv") && isLatestHeader(path)) {
            return new Source(Layout.LATEST, path, folder);
        }
        if (head.stream().allMatch(MovieLensLoader::looksLikeUData)) {
            return new Source(Layout.ML100K, path, folder);
        }
        return null;
    }

    private static int countFields(String line, String sep) {
        int n = 1;
        for (int i = line.indexOf(sep); i >= 0; i = line.indexOf(sep, i + sep.length())) {
            n++;
        }
        return n;
    }

    /** Four tab-separated integers, as in u.data. */
    private static boolean looksLikeUData(String line) {
        String[] f = new String[4];
        if (Fields.split(line, '\t', f) != 4) {
            return false;
        }
        for (String v : f) {
            if (!Fields.isInteger(v.trim())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLatestHeader(Path csv) throws IOException {
        List<String> head = Sources.peek(csv, 1);
        if (head.isEmpty()) {
            return false;
        }
        String h = Fields.normalizeName(head.get(0));
        return h.startsWith("userid,movieid,");
    }

    // ---------------------------------------------------------------- ratings

    private static List<Event> readRatings(Path file, Charset cs, String sep, Malformed bad, Fields.Pool pool)
            throws IOException {
        List<Event> events = new ArrayList<>();
        String[] f = new String[4];
        boolean oneChar = sep.length() == 1;
        try (LineReader r = new LineReader(file, cs)) {
            String line;
            while ((line = r.next()) != null) {
                if (LineReader.isBlank(line)) {
                    continue;
                }
                int n = oneChar ? Fields.split(line, sep.charAt(0), f) : Fields.split(line, sep, f);
                if (n != 4) {
                    bad.report(
                            file,
                            r.lineNumber(),
                            "expected 4 fields (user, item, rating, timestamp) separated by " + describe(sep)
                                    + ", found " + (n > 4 ? "more" : String.valueOf(n)));
                    continue;
                }
                try {
                    String user = Fields.id(f[0], "user");
                    String item = Fields.id(f[1], "item");
                    float rating = Fields.parseFloat(f[2], "rating");
                    long ts = Fields.parseNumericTime(f[3], "timestamp");
                    events.add(new Event(pool.get(user), pool.get(item), ts, rating, null));
                } catch (FieldException e) {
                    bad.report(file, r.lineNumber(), e.getMessage());
                }
            }
        }
        return events;
    }

    static String describe(String sep) {
        return switch (sep) {
            case "\t" -> "tabs";
            case "," -> "commas";
            case "|" -> "'|'";
            default -> "'" + sep + "'";
        };
    }

    private static List<Event> readLatestRatings(Path file, Malformed bad, Fields.Pool pool) throws IOException {
        List<Event> events = new ArrayList<>();
        try (CsvReader r = new CsvReader(new LineReader(file, LineReader.detectCharset(file)), ',')) {
            int[] col = header(r, file, "userId", "movieId", "rating", "timestamp");
            r.forEachRecord(file, bad, col[4], "", (f, position) -> {
                String user = Fields.id(f.get(col[0]), "userId");
                String item = Fields.id(f.get(col[1]), "movieId");
                float rating = Fields.parseFloat(f.get(col[2]), "rating");
                long ts = Fields.parseNumericTime(f.get(col[3]), "timestamp");
                events.add(new Event(pool.get(user), pool.get(item), ts, rating, null));
            });
        }
        return events;
    }

    /**
     * Reads the header and returns the positions of {@code names} (matched ignoring case and
     * underscores) followed by the header's width. A header is never skippable: a missing column
     * is always fatal.
     */
    private static int[] header(CsvReader r, Path file, String... names) throws IOException {
        List<String> h;
        try {
            h = r.next();
        } catch (FieldException e) {
            throw new DataFormatException(file, r.recordLine(), e.getMessage());
        }
        if (h == null) {
            throw new DataFormatException(file, 1, "the file is empty; expected a header line");
        }
        List<String> norm = h.stream().map(Fields::normalizeName).toList();
        int[] out = new int[names.length + 1];
        for (int i = 0; i < names.length; i++) {
            out[i] = norm.indexOf(Fields.normalizeName(names[i]));
            if (out[i] < 0) {
                throw new DataFormatException(
                        file,
                        r.recordLine(),
                        "the header has no '" + names[i] + "' column (expected " + String.join(",", names) + ")");
            }
        }
        out[names.length] = h.size();
        return out;
    }

    // ---------------------------------------------------------------- metadata

    private static ItemCatalog readMl100kItems(Path folder, Malformed bad, Fields.Pool pool) throws IOException {
        Path items = folder.resolve("u.item");
        if (!Files.isRegularFile(items)) {
            return ItemCatalog.empty();
        }
        List<String> genres = readGenres(folder.resolve("u.genre"), bad);
        int width = 5 + genres.size();
        String[] f = new String[width];
        Map<String, ItemMeta> byId = new LinkedHashMap<>();
        try (LineReader r = new LineReader(items, StandardCharsets.ISO_8859_1)) {
            String line;
            lines:
            while ((line = r.next()) != null) {
                if (LineReader.isBlank(line)) {
                    continue;
                }
                int n = Fields.split(line, '|', f);
                if (n != width) {
                    bad.report(
                            items,
                            r.lineNumber(),
                            "expected " + width + " fields separated by '|' (id, title, release date, video"
                                    + " release date, URL, " + genres.size() + " genre flags), found "
                                    + (n > width ? "more" : String.valueOf(n)));
                    continue;
                }
                String id;
                try {
                    id = Fields.id(f[0], "movie id");
                } catch (FieldException e) {
                    bad.report(items, r.lineNumber(), e.getMessage());
                    continue;
                }
                List<String> cats = new ArrayList<>();
                for (int g = 0; g < genres.size(); g++) {
                    String flag = f[5 + g].trim();
                    if (flag.equals("1")) {
                        cats.add(genres.get(g));
                    } else if (!flag.equals("0")) {
                        bad.report(
                                items,
                                r.lineNumber(),
                                "field 'genre " + genres.get(g) + "' is not 0 or 1: '" + f[5 + g] + "'");
                        continue lines;
                    }
                }
                // Release dates look like 01-Jan-1995; the year is what content features use.
                String date = f[2].trim();
                String year = date.length() >= 4 ? Fields.year(date.substring(date.length() - 4)) : null;
                Map<String, String> attrs = year == null ? Map.of() : Map.of("year", year);
                String title = f[1].trim();
                byId.put(pool.get(id), new ItemMeta(pool.get(id), title.isEmpty() ? null : title, cats, attrs));
            }
        }
        return new ItemCatalog(byId);
    }

    private static List<String> readGenres(Path file, Malformed bad) throws IOException {
        if (!Files.isRegularFile(file)) {
            return ML100K_GENRES;
        }
        Map<Integer, String> byIndex = new TreeMap<>();
        String[] f = new String[2];
        try (LineReader r = new LineReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.next()) != null) {
                if (LineReader.isBlank(line)) {
                    continue;
                }
                if (Fields.split(line, '|', f) != 2 || !Fields.isInteger(f[1].trim())) {
                    bad.report(file, r.lineNumber(), "expected 'name|index', found '" + line + "'");
                    continue;
                }
                byIndex.put(Integer.parseInt(f[1].trim()), f[0].trim());
            }
        }
        List<String> names = new ArrayList<>(byIndex.values());
        int expected = 0;
        for (int idx : byIndex.keySet()) {
            if (idx != expected++) {
                throw new DataFormatException(file, 1, "genre indices must be 0, 1, 2, ... without gaps");
            }
        }
        return names;
    }

    private static ItemCatalog readDatMovies(Path file, Malformed bad, Fields.Pool pool) throws IOException {
        if (!Files.isRegularFile(file)) {
            return ItemCatalog.empty();
        }
        Map<String, ItemMeta> byId = new LinkedHashMap<>();
        String[] f = new String[3];
        try (LineReader r = new LineReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.next()) != null) {
                if (LineReader.isBlank(line)) {
                    continue;
                }
                int n = Fields.split(line, "::", f);
                if (n != 3) {
                    bad.report(
                            file,
                            r.lineNumber(),
                            "expected 3 fields (id, title, genres) separated by '::', found "
                                    + (n > 3 ? "more" : String.valueOf(n)));
                    continue;
                }
                try {
                    String id = pool.get(Fields.id(f[0], "movie id"));
                    byId.put(id, movie(id, f[1], f[2]));
                } catch (FieldException e) {
                    bad.report(file, r.lineNumber(), e.getMessage());
                }
            }
        }
        return new ItemCatalog(byId);
    }

    private static ItemMeta movie(String id, String rawTitle, String rawGenres) {
        String title = rawTitle.trim();
        List<String> cats = new ArrayList<>();
        String genres = rawGenres.trim();
        if (!genres.isEmpty() && !genres.equals("(no genres listed)")) {
            int start = 0;
            while (true) {
                int end = genres.indexOf('|', start);
                String g = (end < 0 ? genres.substring(start) : genres.substring(start, end)).trim();
                if (!g.isEmpty()) {
                    cats.add(g);
                }
                if (end < 0) {
                    break;
                }
                start = end + 1;
            }
        }
        String year = Fields.yearFromTitle(title);
        return new ItemMeta(id, title.isEmpty() ? null : title, cats, year == null ? Map.of() : Map.of("year", year));
    }

    private static ItemCatalog readLatestMovies(Path folder, Malformed bad, Fields.Pool pool) throws IOException {
        Path file = folder.resolve("movies.csv");
        if (!Files.isRegularFile(file)) {
            return ItemCatalog.empty();
        }
        Map<String, ItemMeta> byId = new LinkedHashMap<>();
        try (CsvReader r = new CsvReader(new LineReader(file, LineReader.detectCharset(file)), ',')) {
            int[] col = header(r, file, "movieId", "title", "genres");
            r.forEachRecord(file, bad, col[3], "", (f, position) -> {
                String id = pool.get(Fields.id(f.get(col[0]), "movieId"));
                byId.put(id, movie(id, f.get(col[1]), f.get(col[2])));
            });
        }
        addTags(folder.resolve("tags.csv"), byId, bad);
        return new ItemCatalog(byId);
    }

    /** Adds each movie's distinct tags (in file order, '|'-joined) as the {@code tags} attribute. */
    private static void addTags(Path file, Map<String, ItemMeta> byId, Malformed bad) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Map<String, Set<String>> tags = new LinkedHashMap<>();
        try (CsvReader r = new CsvReader(new LineReader(file, LineReader.detectCharset(file)), ',')) {
            int[] col = header(r, file, "movieId", "tag");
            r.forEachRecord(file, bad, col[2], "", (f, position) -> {
                String id = f.get(col[0]).trim();
                String tag = f.get(col[1]).trim().replace('|', ' ');
                if (!tag.isEmpty() && byId.containsKey(id)) {
                    tags.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(tag.toLowerCase(Locale.ROOT));
                }
            });
        }
        tags.forEach((id, set) -> {
            ItemMeta m = byId.get(id);
            Map<String, String> attrs = new LinkedHashMap<>(m.attributes());
            attrs.put("tags", String.join("|", set));
            byId.put(id, new ItemMeta(m.itemId(), m.title(), m.categories(), attrs));
        });
    }
}
