package io.attnrec.core.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one source format. Loaders are registered through {@code ServiceLoader} and picked by
 * {@code --format NAME} or by {@link #detect} for {@code --format auto}.
 */
public interface DataLoader {

    /** Format name on the command line: movielens, sasrec, s3rec, recbole, csv. */
    String format();

    /**
     * How confident this loader is that it can read {@code path} (a file or a folder): 0 = not
     * at all, higher wins. Must only peek at names and the first lines.
     */
    int detect(Path path) throws IOException;

    /**
     * Reads every event and any item metadata beside it.
     *
     * @throws DataFormatException at the first malformed line unless {@code options.lenient()}
     */
    RawData load(Path path, LoadOptions options) throws IOException;
}
