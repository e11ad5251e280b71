package io.attnrec.core.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a model grown from another came from ({@code attnrec train --from}, {@code attnrec
 * update}), recorded in its manifest.
 *
 * @param parent the parent's directory, as it was given
 * @param parentChecksum the parent manifest's checksum: identifies the parent's files exactly
 * @param parentFingerprint the fingerprint of the parent's training data
 * @param generation 1 for a model grown from one trained from scratch, its parent's plus one after
 * @param mode {@code warm-start} (weights kept and fine-tuned) or {@code retrain} (a family
 *     without warm start, retrained on the grown data with append-only ids)
 * @param itemsAdded items the parent did not know
 * @param usersAdded users the parent did not know
 * @param eventsAdded training interactions beyond the parent's histories
 * @param recentUsers users whose sequences changed (the fine-tuning's recent window)
 * @param replayedUsers unchanged users replayed beside them
 * @param storeSeq the highest event-store sequence number read ({@code attnrec update}), or -1 when
 *     the data came from a file: the next update reads the events after it
 * @param rootTrainSteps optimiser steps of the training from scratch at the root of the lineage
 *     (the parent's own for generation 1, passed down after); 0 when not known (a root written
 *     before format 4, or a model without an optimiser)
 */
public record Lineage(
        String parent,
        String parentChecksum,
        String parentFingerprint,
        int generation,
        String mode,
        int itemsAdded,
        int usersAdded,
        long eventsAdded,
        int recentUsers,
        int replayedUsers,
        long storeSeq,
        long rootTrainSteps) {

    /** As the manifest writes it. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parent", parent);
        m.put("parent_checksum", parentChecksum);
        m.put("parent_fingerprint", parentFingerprint);
        m.put("generation", generation);
        m.put("mode", mode);
        m.put("items_added", itemsAdded);
        m.put("users_added", usersAdded);
        m.put("events_added", eventsAdded);
        m.put("recent_users", recentUsers);
        m.put("replayed_users", replayedUsers);
        m.put("store_seq", storeSeq);
        m.put("root_train_steps", rootTrainSteps);
        return m;
    }

    public Lineage withStoreSeq(long seq) {
        return new Lineage(
                parent,
                parentChecksum,
                parentFingerprint,
                generation,
                mode,
                itemsAdded,
                usersAdded,
                eventsAdded,
                recentUsers,
                replayedUsers,
                seq,
                rootTrainSteps);
    }
}
