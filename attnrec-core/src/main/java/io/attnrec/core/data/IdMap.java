package io.attnrec.core.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A dense mapping between external ids (strings from the file) and internal ints, in order of
 * first appearance. With {@code reservePadding} the first id is 1 and 0 means padding (items);
 * otherwise ids start at 0 (users).
 */
public final class IdMap {

    private final Map<String, Integer> toIndex = new HashMap<>();
    private final List<String> toExternal = new ArrayList<>();
    private final int offset;

    public IdMap(boolean reservePadding) {
        this.offset = reservePadding ? 1 : 0;
    }

    /** Builds a map from external ids listed in internal order (index 0 = first given). */
    public static IdMap of(boolean reservePadding, List<String> externalIds) {
        IdMap map = new IdMap(reservePadding);
        for (String id : externalIds) {
            map.add(id);
        }
        return map;
    }

    /** Returns the internal id of {@code externalId}, assigning the next one if new. */
    public int add(String externalId) {
        Integer idx = toIndex.get(externalId);
        if (idx != null) {
            return idx;
        }
        int next = toExternal.size() + offset;
        toIndex.put(externalId, next);
        toExternal.add(externalId);
        return next;
    }

    public OptionalInt get(String externalId) {
        Integer idx = toIndex.get(externalId);
        return idx == null ? OptionalInt.empty() : OptionalInt.of(idx);
    }

    public String external(int internalId) {
        return toExternal.get(internalId - offset);
    }

    /** Number of real ids (padding not counted). */
    public int size() {
        return toExternal.size();
    }

    /** First real id: 1 when padding is reserved, else 0. */
    public int offset() {
        return offset;
    }

    /** External ids in internal order. */
    public List<String> externalIds() {
        return List.copyOf(toExternal);
    }
}
