package io.attnrec.core.synth;

import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemCatalog;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.data.RawData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic shop with planted structure, for demos and for checking that models find what is
 * known to be there.
 *
 * <p><b>Items.</b> Items {@code i1..iN} are spread over topics (topic {@code n mod T} for item
 * {@code i(n+1)}), each topic named from a word list ("jazz", "running", "baby-food", ...) and
 * its items ordered by rank: rank 1 is the most popular. Titles read like {@code "jazz #12 Blue
 * Train"}.
 *
 * <p><b>Users.</b> Each user holds 1..K interests (topics) with weights; topics are drawn by a
 * milder Zipf law than items (exponent halved), so earlier topics are more popular. A behaviour sequence is
 * walked step by step: with {@code driftProb} one interest is replaced by a topic the user did
 * not hold (the old one is recorded as past); with {@code switchProb} the user moves to another
 * interest (drawn by weight); then an item of the current interest is chosen, with {@code
 * sequentialProb} the successor (next rank) of the user's last item in that topic, else a
 * Zipf draw by rank. So a model that reads the order of the history can predict the next item
 * far better than popularity; a multi-interest model can recover the planted interests. No user
 * sees an item twice; timestamps strictly increase along a sequence.
 *
 * <p>Everything derives from the config's seed: the same config gives identical events and
 * identical files.
 */
public final class SyntheticWorld {

    private static final List<String> TOPIC_WORDS = List.of(
            "jazz",
            "running",
            "baby-food",
            "hiking",
            "sci-fi",
            "cooking",
            "gardening",
            "chess",
            "yoga",
            "photography",
            "cycling",
            "knitting",
            "board-games",
            "coffee",
            "tea",
            "skincare",
            "camping",
            "fishing",
            "piano",
            "guitar",
            "anime",
            "history",
            "poetry",
            "astronomy",
            "woodworking",
            "baking",
            "surfing",
            "skiing",
            "pottery",
            "birdwatching",
            "podcasts",
            "vinyl",
            "sneakers",
            "perfume",
            "vegan",
            "barbecue",
            "football",
            "tennis",
            "climbing",
            "crime-novels",
            "fantasy",
            "horror",
            "comedy",
            "documentaries",
            "travel",
            "architecture",
            "robotics",
            "aquariums",
            "dogs",
            "cats",
            "origami",
            "calligraphy",
            "meditation",
            "marathons",
            "opera",
            "hip-hop",
            "folk",
            "techno",
            "classical",
            "wine");

    private static final List<String> ADJECTIVES = List.of(
            "Blue",
            "Silent",
            "Golden",
            "Wild",
            "Little",
            "Midnight",
            "Electric",
            "Gentle",
            "Hidden",
            "Bright",
            "Velvet",
            "Northern",
            "Crimson",
            "Quiet",
            "Lucky",
            "Ancient",
            "Frozen",
            "Sunny",
            "Brave",
            "Lazy",
            "Urban",
            "Cosmic",
            "Rusty",
            "Sweet",
            "Secret",
            "Tiny",
            "Grand",
            "Misty",
            "Happy",
            "Lonely");

    private static final List<String> NOUNS = List.of(
            "Train",
            "River",
            "Garden",
            "Mountain",
            "Kitchen",
            "Journey",
            "Harbor",
            "Forest",
            "Window",
            "Engine",
            "Lantern",
            "Meadow",
            "Compass",
            "Island",
            "Bridge",
            "Orchard",
            "Canyon",
            "Festival",
            "Library",
            "Voyage",
            "Workshop",
            "Market",
            "Beacon",
            "Valley",
            "Studio",
            "Almanac",
            "Circuit",
            "Parade",
            "Summit",
            "Harvest");

    /** 2020-09-13T12:26:40Z: sequences start within 30 days after this. */
    private static final long EPOCH_START = 1_600_000_000L;

    private final SynthConfig config;
    private final List<String> topicNames;
    private final int[] topicOfItem;
    private final int[] rankOfItem;
    private final List<Event> events;
    private final ItemCatalog catalog;
    private final List<UserTruth> users;

    /**
     * The planted truth about one user.
     *
     * @param userId external id, {@code u1..uN}
     * @param interests topic names held at the end of the sequence, highest weight first
     * @param weights their weights (summing to 1), same order
     * @param pastInterests topics held earlier and dropped by drift, in order of dropping
     */
    public record UserTruth(String userId, List<String> interests, List<Double> weights, List<String> pastInterests) {

        public UserTruth {
            interests = List.copyOf(interests);
            weights = List.copyOf(weights);
            pastInterests = List.copyOf(pastInterests);
        }
    }

    private SyntheticWorld(
            SynthConfig config,
            List<String> topicNames,
            int[] topicOfItem,
            int[] rankOfItem,
            List<Event> events,
            ItemCatalog catalog,
            List<UserTruth> users) {
        this.config = config;
        this.topicNames = List.copyOf(topicNames);
        this.topicOfItem = topicOfItem;
        this.rankOfItem = rankOfItem;
        this.events = Collections.unmodifiableList(events);
        this.catalog = catalog;
        this.users = List.copyOf(users);
    }

    /** Builds the world described by {@code config}. */
    public static SyntheticWorld generate(SynthConfig config) {
        return new Generator(config).run();
    }

    public SynthConfig config() {
        return config;
    }

    /** All interactions, grouped by user ({@code u1} first), each user's in time order. */
    public List<Event> events() {
        return events;
    }

    /** Titles and topics (as the single category) of all items. */
    public ItemCatalog catalog() {
        return catalog;
    }

    /** The events and catalogue as a loader would return them. */
    public RawData toRawData() {
        return new RawData("synth", "recbole", events, catalog, 0);
    }

    /** Topic names, by topic index. */
    public List<String> topics() {
        return topicNames;
    }

    /** The planted truth of every user, {@code u1} first. */
    public List<UserTruth> users() {
        return users;
    }

    /** The topic name of an item id such as {@code "i7"}. */
    public String topicOf(String itemId) {
        return topicNames.get(topicOfItem[itemIndex(itemId)]);
    }

    /** The popularity rank (1 = most popular) of an item within its topic. */
    int rankOf(String itemId) {
        return rankOfItem[itemIndex(itemId)] + 1;
    }

    /** The items of a topic, by rank. */
    List<String> itemsOf(String topic) {
        int t = topicNames.indexOf(topic);
        if (t < 0) {
            throw new IllegalArgumentException("no topic '" + topic + "'");
        }
        List<String> out = new ArrayList<>();
        for (int n = t; n < topicOfItem.length; n += topicNames.size()) {
            out.add(itemId(n));
        }
        return out;
    }

    private int itemIndex(String itemId) {
        if (itemId.length() < 2 || itemId.charAt(0) != 'i') {
            throw new IllegalArgumentException("not a synthetic item id: '" + itemId + "'");
        }
        int n;
        try {
            n = Integer.parseInt(itemId.substring(1)) - 1;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a synthetic item id: '" + itemId + "'", e);
        }
        if (n < 0 || n >= topicOfItem.length) {
            throw new IllegalArgumentException("no item '" + itemId + "'");
        }
        return n;
    }

    /**
     * Writes RecBole atomic files {@code synth.inter} and {@code synth.item}, and the planted truth
     * beside them: {@code truth_users.tsv} (user, final interests, their weights, past interests)
     * and {@code truth_items.tsv} (item, topic, rank). The directory is created if missing.
     */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("synth.inter"), StandardCharsets.UTF_8)) {
            w.write("user_id:token\titem_id:token\ttimestamp:float\n");
            for (Event e : events) {
                w.write(e.user() + "\t" + e.item() + "\t" + e.timestamp() + "\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("synth.item"), StandardCharsets.UTF_8)) {
            w.write("item_id:token\ttitle:token_seq\tcategories:token_seq\n");
            for (ItemMeta m : catalog.items()) {
                // token_seq fields are space separated: titles hold no tabs by construction.
                w.write(m.itemId() + "\t" + m.title() + "\t" + String.join(" ", m.categories()) + "\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("truth_users.tsv"), StandardCharsets.UTF_8)) {
            w.write("user_id\tinterests\tweights\tpast_interests\n");
            for (UserTruth u : users) {
                List<String> ws = new ArrayList<>();
                for (double x : u.weights()) {
                    ws.add(String.format(Locale.ROOT, "%.4f", x));
                }
                w.write(u.userId() + "\t" + String.join(",", u.interests()) + "\t" + String.join(",", ws) + "\t"
                        + String.join(",", u.pastInterests()) + "\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("truth_items.tsv"), StandardCharsets.UTF_8)) {
            w.write("item_id\ttopic\trank\n");
            for (int n = 0; n < topicOfItem.length; n++) {
                w.write(itemId(n) + "\t" + topicNames.get(topicOfItem[n]) + "\t" + (rankOfItem[n] + 1) + "\n");
            }
        }
    }

    static String itemId(int index) {
        return "i" + (index + 1);
    }

    static String topicName(int t) {
        String base = TOPIC_WORDS.get(t % TOPIC_WORDS.size());
        int round = t / TOPIC_WORDS.size();
        return round == 0 ? base : base + "-" + (round + 1);
    }

    /** One pass of generation; holds the random generator and scratch state. */
    private static final class Generator {

        private final SynthConfig c;
        private final SplittableRandom rnd;
        private final int numTopics;
        /** {@code topicSize[t]}; item of topic t at rank r (0-based) is index {@code r * T + t}. */
        private final int[] topicSize;
        /** Cumulative Zipf weights per topic, for drawing a rank. */
        private final double[][] cumulative;
        /** Topics are unequally popular too (half the item exponent), as in real catalogues. */
        private final double[] topicWeight;

        Generator(SynthConfig config) {
            this.c = config;
            this.rnd = new SplittableRandom(config.seed());
            this.numTopics = config.topics();
            this.topicSize = new int[numTopics];
            for (int n = 0; n < config.items(); n++) {
                topicSize[n % numTopics]++;
            }
            this.topicWeight = new double[numTopics];
            for (int t = 0; t < numTopics; t++) {
                topicWeight[t] = 1.0 / Math.pow(t + 1, config.zipfExponent() / 2);
            }
            this.cumulative = new double[numTopics][];
            for (int t = 0; t < numTopics; t++) {
                double[] cum = new double[topicSize[t]];
                double sum = 0;
                for (int r = 0; r < cum.length; r++) {
                    sum += 1.0 / Math.pow(r + 1, config.zipfExponent());
                    cum[r] = sum;
                }
                cumulative[t] = cum;
            }
        }

        SyntheticWorld run() {
            List<String> names = new ArrayList<>();
            for (int t = 0; t < numTopics; t++) {
                names.add(topicName(t));
            }
            int numItems = c.items();
            int[] topicOf = new int[numItems];
            int[] rankOf = new int[numItems];
            Map<String, ItemMeta> metas = new LinkedHashMap<>();
            for (int n = 0; n < numItems; n++) {
                topicOf[n] = n % numTopics;
                rankOf[n] = n / numTopics;
                String title = names.get(topicOf[n]) + " #" + (rankOf[n] + 1) + " "
                        + ADJECTIVES.get(rnd.nextInt(ADJECTIVES.size())) + " "
                        + NOUNS.get(rnd.nextInt(NOUNS.size()));
                metas.put(itemId(n), new ItemMeta(itemId(n), title, List.of(names.get(topicOf[n])), Map.of()));
            }
            List<Event> events = new ArrayList<>();
            List<UserTruth> truths = new ArrayList<>();
            int[] seenStamp = new int[numItems];
            for (int u = 0; u < c.users(); u++) {
                truths.add(user(u, names, seenStamp, events));
            }
            return new SyntheticWorld(c, names, topicOf, rankOf, events, new ItemCatalog(metas), truths);
        }

        private UserTruth user(int u, List<String> names, int[] seenStamp, List<Event> out) {
            String userId = "u" + (u + 1);
            int stamp = u + 1;
            // with min = 1 this is the same draw as before the minimum existed: same seed, same world
            int k = c.minInterests() + rnd.nextInt(c.maxInterests() - c.minInterests() + 1);
            int[] interests = distinctTopics(k);
            double[] weights = new double[k];
            double total = 0;
            for (int x = 0; x < k; x++) {
                weights[x] = -Math.log(1.0 - rnd.nextDouble()); // Dirichlet(1, ..., 1) after normalising
                total += weights[x];
            }
            for (int x = 0; x < k; x++) {
                weights[x] /= total;
            }
            List<String> past = new ArrayList<>();
            int[] lastRank = new int[numTopics];
            Arrays.fill(lastRank, -1);
            int length = c.minEvents() + rnd.nextInt(c.maxEvents() - c.minEvents() + 1);
            long time = EPOCH_START + rnd.nextInt(30 * 86_400);
            int current = drawByWeight(weights, -1);
            for (int step = 0; step < length; step++) {
                if (k < numTopics && rnd.nextDouble() < c.driftProb()) {
                    int slot = rnd.nextInt(k);
                    past.add(names.get(interests[slot]));
                    interests[slot] = topicNotIn(interests);
                }
                if (step > 0 && k > 1 && rnd.nextDouble() < c.switchProb()) {
                    current = drawByWeight(weights, current);
                }
                int item = pickItem(interests, current, lastRank, seenStamp, stamp);
                if (item < 0) {
                    // Every item of every current interest is consumed: switch to the others or stop.
                    int other = -1;
                    for (int x = 0; x < k && other < 0; x++) {
                        if (x != current && pickable(interests[x], seenStamp, stamp)) {
                            other = x;
                        }
                    }
                    if (other < 0) {
                        break;
                    }
                    current = other;
                    item = pickItem(interests, current, lastRank, seenStamp, stamp);
                }
                seenStamp[item] = stamp;
                lastRank[item % numTopics] = item / numTopics;
                out.add(new Event(userId, itemId(item), time, Float.NaN, null));
                // Mostly minutes to hours apart, now and then a break of days.
                time += rnd.nextDouble() < 0.1 ? 86_400 + rnd.nextInt(5 * 86_400) : 60 + rnd.nextInt(3 * 3600);
            }
            Integer[] order = new Integer[k];
            for (int x = 0; x < k; x++) {
                order[x] = x;
            }
            Arrays.sort(order, (x, y) -> weights[x] != weights[y] ? Double.compare(weights[y], weights[x]) : x - y);
            List<String> finalNames = new ArrayList<>();
            List<Double> finalWeights = new ArrayList<>();
            for (int x : order) {
                finalNames.add(names.get(interests[x]));
                finalWeights.add(weights[x]);
            }
            return new UserTruth(userId, finalNames, finalWeights, past);
        }

        /** An unseen item of {@code interests[current]}, or -1 if that topic is used up. */
        private int pickItem(int[] interests, int current, int[] lastRank, int[] seenStamp, int stamp) {
            int t = interests[current];
            int size = topicSize[t];
            int rank = -1;
            if (lastRank[t] >= 0 && lastRank[t] + 1 < size && rnd.nextDouble() < c.sequentialProb()) {
                rank = lastRank[t] + 1;
            }
            for (int attempt = 0; attempt < 10 && (rank < 0 || seenStamp[rank * numTopics + t] == stamp); attempt++) {
                rank = drawRank(t);
            }
            if (seenStamp[rank * numTopics + t] == stamp) {
                // Popular ranks are used up: take the first free rank after it, wrapping around.
                int start = rank;
                do {
                    rank = (rank + 1) % size;
                } while (rank != start && seenStamp[rank * numTopics + t] == stamp);
                if (rank == start) {
                    return -1;
                }
            }
            return rank * numTopics + t;
        }

        private boolean pickable(int t, int[] seenStamp, int stamp) {
            for (int r = 0; r < topicSize[t]; r++) {
                if (seenStamp[r * numTopics + t] != stamp) {
                    return true;
                }
            }
            return false;
        }

        private int drawRank(int t) {
            double[] cum = cumulative[t];
            double x = rnd.nextDouble() * cum[cum.length - 1];
            int r = Arrays.binarySearch(cum, x);
            r = r >= 0 ? r + 1 : -r - 1;
            return Math.min(r, cum.length - 1);
        }

        /** Index into {@code weights} drawn by weight, never {@code exclude} (unless it is the only one). */
        private int drawByWeight(double[] weights, int exclude) {
            double total = 0;
            for (int x = 0; x < weights.length; x++) {
                if (x != exclude) {
                    total += weights[x];
                }
            }
            double target = rnd.nextDouble() * total;
            int last = -1;
            for (int x = 0; x < weights.length; x++) {
                if (x == exclude) {
                    continue;
                }
                last = x;
                target -= weights[x];
                if (target < 0) {
                    return x;
                }
            }
            return last < 0 ? 0 : last;
        }

        private int[] distinctTopics(int k) {
            int[] out = new int[k];
            for (int x = 0; x < k; x++) {
                out[x] = drawTopic(out, x);
            }
            return out;
        }

        private int topicNotIn(int[] held) {
            return drawTopic(held, held.length);
        }

        /** A topic by popularity, never one of {@code held[0..n)}. */
        private int drawTopic(int[] held, int n) {
            double total = 0;
            for (int t = 0; t < numTopics; t++) {
                if (!contains(held, n, t)) {
                    total += topicWeight[t];
                }
            }
            double target = rnd.nextDouble() * total;
            int last = -1;
            for (int t = 0; t < numTopics; t++) {
                if (contains(held, n, t)) {
                    continue;
                }
                last = t;
                target -= topicWeight[t];
                if (target < 0) {
                    return t;
                }
            }
            return last;
        }

        private static boolean contains(int[] a, int n, int v) {
            for (int x = 0; x < n; x++) {
                if (a[x] == v) {
                    return true;
                }
            }
            return false;
        }
    }
}
