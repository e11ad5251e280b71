package io.attnrec.core.multi;

import io.attnrec.core.data.IdMap;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The planted truth that {@code attnrec synth} writes beside its data ({@code truth_items.tsv}:
 * item, topic, rank; {@code truth_users.tsv}: user, comma-separated interest topics, weights, past
 * interests), mapped onto a data set's dense ids.
 */
final class PlantedTruth {

    static final String ITEMS = "truth_items.tsv";
    static final String USERS = "truth_users.tsv";

    private final Map<String, String> topicOfItem;
    private final Map<String, List<String>> topicsOfUser;
    private final Map<String, Integer> topicIndex = new LinkedHashMap<>();

    PlantedTruth(Map<String, String> topicOfItem, Map<String, List<String>> topicsOfUser) {
        this.topicOfItem = topicOfItem;
        this.topicsOfUser = topicsOfUser;
        topicOfItem.values().forEach(t -> topicIndex.computeIfAbsent(t, k -> topicIndex.size()));
        topicsOfUser.values().forEach(ts -> ts.forEach(t -> topicIndex.computeIfAbsent(t, k -> topicIndex.size())));
    }

    /**
     * Reads the truth files from {@code data} (a folder, or the folder of a data file). Empty when
     * they are not there, i.e. the data is not a synthetic world.
     *
     * @throws IOException when the files exist but cannot be read or are malformed
     */
    public static Optional<PlantedTruth> find(Path data) throws IOException {
        Path dir = Files.isDirectory(data) ? data : data.toAbsolutePath().getParent();
        if (dir == null || !Files.isRegularFile(dir.resolve(ITEMS)) || !Files.isRegularFile(dir.resolve(USERS))) {
            return Optional.empty();
        }
        Map<String, String> items = new HashMap<>();
        for (String[] f : rows(dir.resolve(ITEMS), 2)) {
            items.put(f[0], f[1]);
        }
        Map<String, List<String>> users = new HashMap<>();
        for (String[] f : rows(dir.resolve(USERS), 2)) {
            users.put(f[0], f[1].isEmpty() ? List.of() : Arrays.asList(f[1].split(",")));
        }
        return Optional.of(new PlantedTruth(items, users));
    }

    private static List<String[]> rows(Path file, int minFields) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine(); // header
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < minFields) {
                    throw new IOException(file + " line " + lineNo + ": expected at least " + minFields
                            + " tab-separated fields, found " + f.length);
                }
                out.add(f);
            }
        }
        return out;
    }

    /** Topic names in index order. */
    public List<String> topics() {
        return List.copyOf(topicIndex.keySet());
    }

    /** Topic index of each dense item id ({@code length size + 1}; -1 for padding and unknown items). */
    public int[] topicOfItem(IdMap items) {
        int[] out = new int[items.size() + 1];
        out[0] = -1;
        for (int i = 1; i <= items.size(); i++) {
            String t = topicOfItem.get(items.external(i));
            out[i] = t == null ? -1 : topicIndex.get(t);
        }
        return out;
    }

    /** The planted topic indices of a user (external id); empty when unknown. */
    public int[] topicsOfUser(String userId) {
        List<String> ts = topicsOfUser.getOrDefault(userId, List.of());
        return ts.stream().mapToInt(topicIndex::get).toArray();
    }
}
