package io.attnrec.serve.model;

import io.attnrec.core.content.NewItemScorer;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.serve.retrieval.Ranked;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of retrieval that adds catalogue items the model has never seen ({@link NewItems}) to
 * a ranking of its own items (issue 16), by two rules:
 *
 * <ul>
 *   <li><b>content</b>: a model with content features ({@link NewItemScorer}: {@code
 *       content-knn}, a neural model trained with {@code content=true}) scores the new item from
 *       its metadata on its own scale, and the item is merged by score: it goes before the first
 *       of the model's items that scores lower (equal scores: the model's item first).
 *   <li><b>fallback</b>: otherwise (no content features, or none of the item's tokens was in
 *       training) a new item sharing a category with the user's top categories (the categories
 *       held by most of the newest {@value #CATEGORY_WINDOW} history items; ties all count) takes
 *       a fixed place: every third rank from the third on (ranks 3, 6, ...), newest item first, at
 *       most {@code slots} per list. Its score is that of the item it displaces (the one now
 *       right below it), or of the item above it at the end of a list, so the list stays ordered.
 * </ul>
 *
 * An empty history (the popular list) gets no new items. New items are scored exhaustively, not
 * through an index: they are few until the next training makes them known. Encodings are kept per
 * item and redone only when its metadata changes. Thread-safe.
 */
public final class NewItemStage {

    /** Source names in the API. */
    public static final String CONTENT = "content";

    public static final String FALLBACK = "fallback";

    /** Newest history items whose categories make the user's top categories. */
    static final int CATEGORY_WINDOW = 50;

    /** 0-based rank of the first fallback place, and the distance between fallback places. */
    static final int FALLBACK_FIRST = 2;

    static final int FALLBACK_STEP = 3;

    /**
     * One entry of a merged ranking.
     *
     * @param item the model's dense id, or 0 for a new item
     * @param newItem the new item's external id, or null for a model item
     * @param score its score
     * @param source null for a model item, {@value #CONTENT} or {@value #FALLBACK}
     */
    public record Entry(int item, String newItem, float score, String source) {}

    /** A new item prepared for this model: its content encoding or null. */
    private record Prepared(ItemMeta meta, Object encoding, long arrival) {}

    /** The new items of one catalogue snapshot, split by rule. */
    private record Candidates(NewItems source, long version, List<Prepared> content, List<Prepared> fallback) {}

    private final ServedModel served;
    private final NewItemScorer<Object> scorer;
    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();
    private volatile Candidates cached;

    @SuppressWarnings("unchecked")
    NewItemStage(ServedModel served, NewItemScorer<?> scorer) {
        this.served = served;
        this.scorer = (NewItemScorer<Object>) scorer;
    }

    /** True when the model scores new items from content. */
    boolean scoresContent() {
        return scorer != null;
    }

    /** Number of catalogue items this model does not know. */
    int count(NewItems items) {
        Candidates c = candidates(items);
        return c.content.size() + c.fallback.size();
    }

    private Candidates candidates(NewItems items) {
        NewItems.Snapshot snap = items.snapshot();
        Candidates c = cached;
        if (c != null && c.source == items && c.version == snap.version()) {
            return c;
        }
        List<Prepared> content = new ArrayList<>();
        List<Prepared> fallback = new ArrayList<>();
        for (NewItems.Entry e : snap.entries()) {
            String id = e.meta().itemId();
            if (served.items().get(id).isPresent()) {
                continue; // known to the model: its own scores rank it
            }
            Prepared p = prepared.get(id);
            if (p == null || !p.meta.equals(e.meta())) {
                Object enc = null;
                if (scorer != null) {
                    Optional<Object> o = scorer.encode(e.meta());
                    enc = o.orElse(null);
                }
                p = new Prepared(e.meta(), enc, e.arrival());
                prepared.put(id, p);
            }
            (p.encoding != null ? content : fallback).add(p);
        }
        c = new Candidates(items, snap.version(), List.copyOf(content), List.copyOf(fallback));
        cached = c;
        return c;
    }

    /**
     * The model's list {@code model} (best first) with the new items merged in, cut to {@code k}.
     *
     * @param excluded new items to leave out (those the user already has events on)
     * @param slots most fallback items per list (0: none)
     */
    List<Entry> merge(Ranked model, int k, int user, int[] history, NewItems items, Set<String> excluded, int slots) {
        List<Entry> out = new ArrayList<>(model.size() + 4);
        for (int i = 0; i < model.size(); i++) {
            out.add(new Entry(model.items()[i], null, model.scores()[i], null));
        }
        if (history.length == 0 || items == null || items.isEmpty()) {
            return out;
        }
        Candidates c = candidates(items);
        if (!c.content.isEmpty()) {
            out = mergeContent(out, k, user, history, c.content, excluded);
        }
        if (slots > 0 && !c.fallback.isEmpty() && !out.isEmpty()) {
            out = placeFallback(out, k, history, c.fallback, excluded, slots);
        }
        return out.size() > k ? new ArrayList<>(out.subList(0, k)) : out;
    }

    private List<Entry> mergeContent(
            List<Entry> model, int k, int user, int[] history, List<Prepared> content, Set<String> excluded) {
        List<Prepared> todo = new ArrayList<>(content.size());
        for (Prepared p : content) {
            if (!excluded.contains(p.meta.itemId())) {
                todo.add(p);
            }
        }
        if (todo.isEmpty()) {
            return model;
        }
        List<Object> enc = new ArrayList<>(todo.size());
        todo.forEach(p -> enc.add(p.encoding));
        float[] scores = new float[todo.size()];
        scorer.score(user, history, enc, scores);
        // the k best new items, best first; equal scores: the newer item first (todo's order)
        List<Entry> fresh = new ArrayList<>();
        for (int i = 0; i < todo.size(); i++) {
            if (Float.isFinite(scores[i])) {
                fresh.add(new Entry(0, todo.get(i).meta.itemId(), scores[i], CONTENT));
            }
        }
        fresh.sort((a, b) -> Float.compare(b.score(), a.score()));
        if (fresh.size() > k) {
            fresh = fresh.subList(0, k);
        }
        List<Entry> out = new ArrayList<>(model.size() + fresh.size());
        int f = 0;
        for (Entry m : model) {
            while (f < fresh.size() && fresh.get(f).score() > m.score()) {
                out.add(fresh.get(f++));
            }
            out.add(m);
        }
        while (f < fresh.size()) {
            out.add(fresh.get(f++));
        }
        return out;
    }

    private List<Entry> placeFallback(
            List<Entry> list, int k, int[] history, List<Prepared> fallback, Set<String> excluded, int slots) {
        Set<String> top = topCategories(history);
        if (top.isEmpty()) {
            return list;
        }
        List<Entry> out = new ArrayList<>(list);
        int placed = 0;
        for (Prepared p : fallback) { // newest first
            int at = FALLBACK_FIRST + FALLBACK_STEP * placed;
            if (placed >= slots || at > out.size() || at >= k) {
                break;
            }
            if (excluded.contains(p.meta.itemId()) || !intersects(p.meta.categories(), top)) {
                continue;
            }
            float score =
                    at < out.size() ? out.get(at).score() : out.get(at - 1).score();
            out.add(at, new Entry(0, p.meta.itemId(), score, FALLBACK));
            placed++;
        }
        return out;
    }

    /** The categories held by most of the newest history items (ties all count). */
    private Set<String> topCategories(int[] history) {
        Map<String, Integer> counts = new HashMap<>();
        for (int p = Math.max(0, history.length - CATEGORY_WINDOW); p < history.length; p++) {
            ItemMeta m =
                    served.catalog().get(served.items().external(history[p])).orElse(null);
            if (m != null) {
                for (String c : new HashSet<>(m.categories())) {
                    counts.merge(c, 1, Integer::sum);
                }
            }
        }
        int best = 0;
        for (int n : counts.values()) {
            best = Math.max(best, n);
        }
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() == best) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static boolean intersects(List<String> categories, Set<String> top) {
        for (String c : categories) {
            if (top.contains(c)) {
                return true;
            }
        }
        return false;
    }
}
