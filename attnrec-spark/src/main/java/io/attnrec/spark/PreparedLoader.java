package io.attnrec.spark;

import io.attnrec.core.data.DataLoader;
import io.attnrec.core.data.Event;
import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.data.RawData;
import io.attnrec.core.prep.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The data format {@code prepared}: a folder written by {@code attnrec spark prepare}, offered to
 * every tool that reads data through {@code DataLoaders} while this module is on the class path.
 * The events are listed in their prepared order ({@code (time, input position)}), so {@code
 * Preparer} with no filter gives back exactly the prepared data set: same ids, same sequences.
 * Preparation options given again are applied again on top.
 */
public final class PreparedLoader implements DataLoader {

    /** Public for {@link java.util.ServiceLoader}. */
    public PreparedLoader() {}

    @Override
    public String format() {
        return "prepared";
    }

    @Override
    public int detect(Path path) {
        return PreparedData.isPrepared(path) ? 100 : 0;
    }

    @Override
    public RawData load(Path path, LoadOptions options) throws IOException {
        long[][][] positions = new long[1][][];
        Dataset d = PreparedData.read(path, positions);
        long[][] pos = positions[0];
        int total = Math.toIntExact(d.numInteractions());
        // (position, user, index in sequence), sorted by (time, position) = the prepared order
        long[][] keys = new long[total][];
        int k = 0;
        for (int u = 0; u < d.numUsers(); u++) {
            for (int j = 0; j < d.sequences()[u].length; j++) {
                keys[k++] = new long[] {d.timestamps()[u][j], pos[u][j], u, j};
            }
        }
        Arrays.sort(keys, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<Event> events = new ArrayList<>(total);
        for (long[] key : keys) {
            int u = (int) key[2];
            int j = (int) key[3];
            float rating = d.ratings() == null ? Float.NaN : d.ratings()[u][j];
            events.add(new Event(d.users().external(u), d.items().external(d.sequences()[u][j]), key[0], rating, null));
        }
        return new RawData(d.name(), format(), events, d.catalog(), 0);
    }
}
