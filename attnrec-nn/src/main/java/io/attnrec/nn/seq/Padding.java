package io.attnrec.nn.seq;

/** Which side of a fixed-length window a shorter sequence is padded on (with item id 0). */
public enum Padding {
    /**
     * Right-aligned, padded on the left, as in the official SASRec code: the newest item is always
     * in the last column. Self-attention models use it, with a key-padding mask.
     */
    LEFT,
    /**
     * Left-aligned, padded on the right: the oldest item is in column 0. Recurrent models use it,
     * because a padding prefix would change a recurrent state while a padding suffix is never
     * read by earlier positions.
     */
    RIGHT
}
