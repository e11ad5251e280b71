package io.attnrec.nn.seq;

import io.attnrec.core.model.RecordOptions;
import io.attnrec.nn.content.ContentOptions;
import io.attnrec.nn.train.TrainConfig;
import java.util.Map;

/**
 * What {@link SequenceProvider} reads from every sequential family's config record: its training
 * settings and its item-content settings (off for a family without content features). Implemented
 * by config records only.
 */
public interface SequenceConfig {

    /** The training settings ({@link io.attnrec.nn.train.Trainer}). */
    TrainConfig train();

    /** The item-content settings; a family without content features keeps this default (off). */
    default ContentOptions content() {
        return ContentOptions.defaults();
    }

    /** The options that the family's {@code parse} turns back into this config (its record components). */
    default Map<String, String> toOptions() {
        return RecordOptions.toOptions((Record) this);
    }
}
