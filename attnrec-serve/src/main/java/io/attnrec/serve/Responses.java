package io.attnrec.serve;

import java.util.List;
import java.util.Map;

/** JSON bodies of the API's answers; field names are written in snake_case, nulls omitted. */
final class Responses {

    private Responses() {}

    record Error(String error, String message) {}

    record Contribution(String item, String title, int position, double weight) {}

    record ExplanationOut(Integer interest, List<Contribution> history) {}

    /** {@code source}: null for the model's own items, "content" or "fallback" for new ones (issue 16). */
    record Item(String item, Float score, String title, ExplanationOut explanation, String source) {}

    record Recommendations(
            String user,
            String model,
            String source,
            Integer historyLength,
            List<Item> items,
            String explanationMethod,
            List<String> unknownItems) {}

    /** {@code duplicates}: events skipped because their event_id was stored before (null: no ids). */
    record EventsStored(int stored, Integer duplicates, List<String> unknownItems) {}

    record Interest(int index, double weight, List<Item> items, List<Contribution> history) {}

    record Interests(String user, String model, List<Interest> interests) {}

    record Similar(String item, String model, String method, List<Item> items) {}

    record ItemStored(String item, boolean knownToModel) {}

    /** {@code parent} and {@code lineage}: where an incrementally trained model came from (issue 16). */
    record Model(
            String name,
            String type,
            boolean active,
            String data,
            Map<String, Double> metrics,
            String parent,
            Map<String, Object> lineage) {}

    /** {@code updates}: the scheduled updater's state, absent without one. */
    record Models(String active, List<Model> models, UpdateScheduler.Status updates) {}

    record Activated(String active, String previous) {}

    record Health(String status, String model, String store) {}

    record Ready(String status, String model, String store, String reason) {}

    record Live(String status) {}
}
