package io.attnrec.core.experiment;

import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.prep.PrepConfig;
import java.nio.file.Path;

/**
 * Where the data is and how to prepare it.
 *
 * @param path a file or folder
 * @param format a loader name, or {@code auto}
 * @param load loader options (lenient mode, CSV column mapping)
 * @param prep preparation settings
 */
public record DataSpec(Path path, String format, LoadOptions load, PrepConfig prep) {

    public static DataSpec of(Path path) {
        return new DataSpec(path, "auto", LoadOptions.strict(), PrepConfig.none());
    }
}
