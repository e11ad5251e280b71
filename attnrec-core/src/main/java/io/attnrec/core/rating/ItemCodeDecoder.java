package io.attnrec.core.rating;

import io.attnrec.core.model.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The read-out of an item-based autoencoder ({@code autorec}, {@code glocal-k}): each item's code
 * (the last hidden layer of its training ratings) and each user's decoder row and bias, so that a
 * rating is {@code bias_u + code_i . decoder_u}. Only items with training ratings have a code.
 * Immutable; the arrays are shared, never written.
 *
 * @param hidden code length
 * @param codes {@code (numItems + 1, hidden)}; row 0 and rows of unknown items unused
 * @param known items with training ratings, {@code numItems + 1} entries
 * @param decoder {@code (numUsers, hidden)}
 * @param bias {@code (numUsers)}
 */
public record ItemCodeDecoder(int hidden, float[] codes, boolean[] known, float[] decoder, float[] bias) {

    public ItemCodeDecoder {
        if (hidden < 1 || codes.length != known.length * hidden || decoder.length != bias.length * hidden) {
            throw new IllegalArgumentException("item codes " + codes.length + ", items " + known.length + ", decoder "
                    + decoder.length + ", users " + bias.length + " do not fit hidden " + hidden);
        }
    }

    public int numUsers() {
        return bias.length;
    }

    /** True when {@code user} and {@code item} both have training ratings here. */
    public boolean covers(int user, int item) {
        return user >= 0 && user < bias.length && item >= 1 && item < known.length && known[item];
    }

    /** {@code bias_u + code_i . decoder_u}, unclipped; only where {@link #covers} holds. */
    public double raw(int user, int item) {
        return bias[user] + Vectors.dot(decoder, user * hidden, codes, item * hidden, hidden);
    }

    /** Writes {@code item_codes.bin}, {@code item_known.bin}, {@code decoder_weights.bin}, {@code decoder_bias.bin}. */
    public void save(Path dir) throws IOException {
        ModelFiles.writeFloats(dir.resolve("item_codes.bin"), codes);
        int[] k = new int[known.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = known[i] ? 1 : 0;
        }
        ModelFiles.writeInts(dir.resolve("item_known.bin"), k);
        ModelFiles.writeFloats(dir.resolve("decoder_weights.bin"), decoder);
        ModelFiles.writeFloats(dir.resolve("decoder_bias.bin"), bias);
    }

    /** Reads what {@link #save} wrote, checking every length. */
    public static ItemCodeDecoder load(Path dir, int numUsers, int numItems, int hidden) throws IOException {
        long rows = numItems + 1L;
        float[] codes = ModelFiles.readFloats(dir.resolve("item_codes.bin"), rows * hidden);
        int[] k = ModelFiles.readInts(dir.resolve("item_known.bin"), rows);
        boolean[] known = new boolean[(int) rows];
        for (int i = 0; i < rows; i++) {
            known[i] = k[i] != 0;
        }
        float[] decoder = ModelFiles.readFloats(dir.resolve("decoder_weights.bin"), (long) numUsers * hidden);
        float[] bias = ModelFiles.readFloats(dir.resolve("decoder_bias.bin"), numUsers);
        return new ItemCodeDecoder(hidden, codes, known, decoder, bias);
    }
}
