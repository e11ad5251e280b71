package io.attnrec.core.content;

import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.model.Recommender;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Scores items a trained model has never seen, from their metadata alone, on the model's own
 * scale (issue 16: a catalogue that grows between trainings). A model with content features
 * scores such an item the way it scores the cold items of its own catalogue: {@code content-knn}
 * by the cosine between the item's content row and the history's profile, a neural model with
 * {@code content=true} by the dot product of the user's vectors with the item's content
 * projection. So a new item can be merged with the model's own items in one ranking by score.
 *
 * <p>Found for a model by {@link #of}: each {@link Factory} registered in {@code
 * META-INF/services/io.attnrec.core.content.NewItemScorer$Factory} is asked in turn. Thread-safe.
 *
 * @param <E> the prepared form of one item (a sparse row, a projected vector)
 */
public interface NewItemScorer<E> {

    /**
     * Prepares an item from its metadata; empty when nothing in it is known to the model (no
     * token it learned from), so its content score would mean nothing.
     */
    Optional<E> encode(ItemMeta meta);

    /**
     * Writes the score of each of {@code items} for this history into {@code out[0..items.size())},
     * comparable with what {@link Recommender#score} gives the model's own items.
     *
     * @param user dense user id or -1
     * @param history dense item ids of the model, oldest first (non-empty)
     */
    void score(int user, int[] history, List<E> items, float[] out);

    /** Makes the scorer of a model that has content features. */
    interface Factory {
        /** The scorer of {@code model}, or empty when this factory does not handle it. */
        Optional<NewItemScorer<?>> create(Recommender model);
    }

    /** The scorer of {@code model} from the registered factories, or empty (no content features). */
    static Optional<NewItemScorer<?>> of(Recommender model) {
        for (Factory f : ServiceLoader.load(Factory.class, NewItemScorer.class.getClassLoader())) {
            Optional<NewItemScorer<?>> s = f.create(model);
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }
}
