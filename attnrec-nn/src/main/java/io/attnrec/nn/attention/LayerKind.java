package io.attnrec.nn.attention;

import java.util.Locale;

/** The layer a {@link CausalStack} is built of; chosen by the option {@code layer}. */
public enum LayerKind {
    /**
     * SASRec's own layer as the official code lays it out: {@code q = LN(x); x = q + MHA(q, x, x);
     * x = LN(x); x = x + FFN_relu(x)}.
     */
    SASREC,
    /**
     * LiGR (Gupta et al. 2025, "From Features to Transformers"), the layer of eSASRec (RecSys 2025):
     * pre-norm attention and a SwiGLU feed-forward, each added to the residual stream through a
     * learned sigmoid gate of the stream, {@code x = x + sigmoid(G x) * sublayer(LN(x))}.
     */
    LIGR;

    /** Parses {@code sasrec|ligr}. */
    public static LayerKind parse(String s) {
        for (LayerKind k : values()) {
            if (k.key().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("layer '" + s + "' is not one of sasrec, ligr");
    }

    /** The option value, lower case. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
