package io.attnrec.core.split;

import io.attnrec.core.prep.Dataset;

/** Cuts a prepared data set into training data, validation cases and test cases. */
public interface Splitter {

    /** The protocol name used on the command line and in reports: {@code loo}, {@code temporal}, {@code user}. */
    String protocol();

    /** Splits {@code data}; deterministic for a given data set and configuration. */
    Split split(Dataset data);
}
