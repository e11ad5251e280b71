package io.attnrec.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S3-Rec's published format (Zhou et al., CIKM 2020): one user a line, {@code user item item ...}
 * in time order, plus an optional {@code NAME_item2attributes.json} beside it mapping each item id
 * to a list of attribute ids (category and brand ids on Amazon), which become the item's
 * categories. The file has no time, so an event's timestamp is its 0-based position among all
 * items of the file. Accepts the file or a folder holding exactly one such {@code .txt} file.
 */
public final class S3RecLoader implements DataLoader {

    private static final String ATTRIBUTES_SUFFIX = "_item2attributes.json";

    /** Public for {@link java.util.ServiceLoader}. */
    public S3RecLoader() {}

    @Override
    public String format() {
        return "s3rec";
    }

    @Override
    public int detect(Path path) throws IOException {
        return LineFiles.detect(path, S3RecLoader::score);
    }

    static int score(Path file) {
        try {
            LineFiles.Shape s = LineFiles.Shape.of(file);
            if (s.lines() == 0 || !s.plain() || s.minTokens() < 2 || !s.uniqueFirst()) {
                return 0;
            }
            // With only two tokens a line, SASRec's pair format is as likely, unless the users are
            // unique or an attribute file says S3-Rec.
            int base = s.maxTokens() >= 3 ? 60 : 45;
            return attributesFile(file) != null ? base + 10 : base;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code STEM_item2attributes.json} beside {@code file}, else the folder's only such file. */
    static Path attributesFile(Path file) throws IOException {
        Path folder = Sources.folderOf(file);
        Path same = folder.resolve(Sources.stem(file) + ATTRIBUTES_SUFFIX);
        if (Files.isRegularFile(same)) {
            return same;
        }
        List<Path> any = new ArrayList<>();
        for (Path f : Sources.files(folder)) {
            if (Sources.lowerName(f).endsWith(ATTRIBUTES_SUFFIX)) {
                any.add(f);
            }
        }
        return any.size() == 1 ? any.get(0) : null;
    }

    @Override
    public RawData load(Path path, LoadOptions options) throws IOException {
        Path file = LineFiles.dataFile(path, S3RecLoader::score, format());
        Malformed bad = new Malformed(options.lenient());
        Fields.Pool pool = new Fields.Pool();
        List<Event> events = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        long position = 0;
        try (LineReader r = new LineReader(file, LineReader.detectCharset(file))) {
            String line;
            while ((line = r.next()) != null) {
                if (LineReader.isBlank(line)) {
                    continue;
                }
                Fields.splitWhitespace(line, tokens);
                if (tokens.size() < 2) {
                    bad.report(file, r.lineNumber(), "expected a user and at least one item separated by spaces");
                    continue;
                }
                String user = pool.get(tokens.get(0));
                for (int i = 1; i < tokens.size(); i++) {
                    events.add(new Event(user, pool.get(tokens.get(i)), position++, Float.NaN, null));
                }
            }
        }
        Path attrs = attributesFile(file);
        ItemCatalog catalog = attrs == null ? ItemCatalog.empty() : readAttributes(attrs, bad, pool);
        return new RawData(Sources.datasetName(path, false), format(), events, catalog, bad.skipped());
    }

    private static ItemCatalog readAttributes(Path file, Malformed bad, Fields.Pool pool) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            long line =
                    e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            throw new DataFormatException(file, line, "invalid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new DataFormatException(file, 1, "expected a JSON object mapping item ids to attribute id lists");
        }
        Map<String, ItemMeta> byId = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!e.getValue().isArray()) {
                // JSON has no line structure we keep; the whole object counts as line 1.
                bad.report(file, 1, "item '" + e.getKey() + "': expected a list of attribute ids");
                continue;
            }
            List<String> cats = new ArrayList<>(e.getValue().size());
            for (JsonNode v : e.getValue()) {
                cats.add(v.asText());
            }
            String id = pool.get(e.getKey().trim());
            byId.put(id, new ItemMeta(id, null, cats, Map.of()));
        }
        return new ItemCatalog(byId);
    }
}
