package io.attnrec.nn.seq;

import io.attnrec.nn.content.ContentOptions;
import io.attnrec.nn.train.TrainConfig;

/**
 * What {@link SequenceProvider} reads from every sequential family's config record: its training
 * settings and its item-content settings (off for a family without content features).
 */
public interface SequenceConfig {

    /** The training settings ({@link io.attnrec.nn.train.Trainer}). */
    TrainConfig train();

    /** The item-content settings; a family without content features keeps this default (off). */
    default ContentOptions content() {
        return ContentOptions.defaults();
    }
}
