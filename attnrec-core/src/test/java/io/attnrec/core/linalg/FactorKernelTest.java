package io.attnrec.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.FactorTable;
import io.attnrec.core.model.TopK;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kernel gives the bits of the one-score reference ({@link PackedItems#score}, the
 * documented summation order) on awkward shapes: item counts that leave a partial panel, odd
 * dimensions, row counts not a multiple of the micro-kernel's 4, several rows per user
 * (max-combined), biases.
 */
class FactorKernelTest {

    @Test
    void theVectorKernelIsAvailableInTheTests() {
        // surefire starts the JVM with --add-modules jdk.incubator.vector (as the launcher does)
        assertThat(FactorKernel.vector()).isNotNull();
        assertThat(FactorKernel.best().name()).startsWith("vector");
    }

    @ParameterizedTest(name = "items {0}, dim {1}, users {2}, fused {3}")
    @CsvSource({"1, 1, 1, true", "63, 7, 5, true", "64, 64, 9, true", "200, 13, 6, false", "1000, 64, 17, false"})
    void allKernelsAgreeBitForBit(int numItems, int dim, int users, boolean fused) {
        Random r = new Random(numItems * 31L + dim);
        float[][] items = new float[numItems + 1][dim];
        for (float[] row : items) {
            for (int d = 0; d < dim; d++) {
                row[d] = (float) r.nextGaussian();
            }
        }
        float[] bias = null;
        if (!fused || numItems % 2 == 0) {
            bias = new float[numItems + 1];
            for (int i = 0; i <= numItems; i++) {
                bias[i] = (float) r.nextGaussian();
            }
        }
        FactorTable table = new FactorTable(items, bias, fused);
        float[][][] rows = new float[users][][];
        for (int u = 0; u < users; u++) {
            rows[u] = new float[1 + r.nextInt(3)][dim];
            for (float[] row : rows[u]) {
                for (int d = 0; d < dim; d++) {
                    row[d] = (float) r.nextGaussian();
                }
            }
        }
        for (FactorKernel k : new FactorKernel[] {FactorKernel.scalar(), FactorKernel.vector()}) {
            PackedItems packed = k.pack(table);
            float[][] out = new float[users][numItems + 1];
            k.score(rows, users, packed, out);
            for (int u = 0; u < users; u++) {
                for (int i = 0; i <= numItems; i++) {
                    float want = Float.NEGATIVE_INFINITY;
                    for (float[] row : rows[u]) {
                        want = Math.max(want, packed.score(row, i));
                    }
                    assertThat(Float.floatToIntBits(out[u][i]))
                            .as("%s user %d item %d", k.name(), u, i)
                            .isEqualTo(Float.floatToIntBits(want));
                }
            }
        }
    }

    /**
     * The fused top-k ({@link FactorKernel#top}) returns exactly what {@link TopK#top} returns on
     * the row {@link FactorKernel#score} writes: same items, same score bits, same order, for
     * batch sizes 1..N (the micro-kernel's blocks of 4 and the rest), partial panels, biases,
     * excluded items, ties (duplicated item vectors), a want larger than the catalogue, and a
     * user whose scores are all NaN.
     */
    @ParameterizedTest(name = "items {0}, dim {1}, users {2}, fused {3}, want {4}")
    @CsvSource({
        "1, 1, 1, true, 1",
        "63, 7, 5, true, 10",
        "64, 64, 9, true, 3",
        "200, 13, 6, false, 10",
        "1000, 64, 17, false, 50",
        "1000, 64, 12, true, 10",
        "5, 3, 4, true, 20"
    })
    void topEqualsTheSelectionOfTheScoreRow(int numItems, int dim, int users, boolean fused, int want) {
        Random r = new Random(numItems * 17L + dim + want);
        float[][] items = new float[numItems + 1][dim];
        for (int i = 1; i <= numItems; i++) {
            for (int d = 0; d < dim; d++) {
                items[i][d] = (float) r.nextGaussian();
            }
            if (i > 1 && i % 7 == 0) {
                items[i] = items[i - 1].clone(); // equal scores: ties go to the lower id
            }
        }
        float[] bias = null;
        if (!fused || numItems % 2 == 0) {
            bias = new float[numItems + 1];
            for (int i = 0; i <= numItems; i++) {
                bias[i] = i % 7 == 0 && i > 1 ? bias[i - 1] : (float) r.nextGaussian();
            }
        }
        FactorTable table = new FactorTable(items, bias, fused);
        float[][] rows = new float[users][dim];
        BitSet[] excluded = new BitSet[users];
        int[] wants = new int[users];
        for (int u = 0; u < users; u++) {
            for (int d = 0; d < dim; d++) {
                rows[u][d] = (float) r.nextGaussian();
            }
            if (u % 3 != 0) { // some users exclude nothing (null)
                excluded[u] = new BitSet();
                for (int e = 0; e < 1 + numItems / 4; e++) {
                    excluded[u].set(1 + r.nextInt(numItems));
                }
            }
            wants[u] = u % 2 == 0 ? want : 1 + r.nextInt(want);
        }
        if (users > 3) {
            rows[3][0] = Float.NaN; // every score NaN: nothing to recommend
        }
        for (FactorKernel k : new FactorKernel[] {FactorKernel.scalar(), FactorKernel.vector()}) {
            PackedItems packed = k.pack(table);
            PackedItems byNorm = k.packByNorm(table);
            for (int count = 1; count <= users; count++) {
                float[][][] one = new float[count][][];
                for (int u = 0; u < count; u++) {
                    one[u] = new float[][] {rows[u]};
                }
                float[][] out = new float[count][numItems + 1];
                k.score(one, count, packed, out);
                TopK.Scored[] got = k.top(rows, count, packed, wants, excluded);
                TopK.Scored[] sorted = k.top(rows, count, byNorm, wants, excluded);
                for (int u = 0; u < count; u++) {
                    out[u][0] = Float.NaN;
                    TopK.Scored expected = TopK.top(out[u], wants[u], excluded[u]);
                    assertThat(sorted[u].items())
                            .as("%s by norm, batch %d user %d", k.name(), count, u)
                            .containsExactly(expected.items());
                    assertThat(sorted[u].scores())
                            .as("%s by norm, batch %d user %d", k.name(), count, u)
                            .containsExactly(expected.scores());
                    assertThat(got[u].items())
                            .as("%s batch %d user %d", k.name(), count, u)
                            .containsExactly(expected.items());
                    assertThat(got[u].scores())
                            .as("%s batch %d user %d", k.name(), count, u)
                            .containsExactly(expected.scores());
                }
            }
            if (users > 3) {
                assertThat(k.top(rows, users, packed, wants, excluded)[3].items())
                        .isEmpty();
            }
        }
    }

    /**
     * Items sorted by norm, with norms spread over three orders of magnitude (most panels are
     * skipped): the same best items as the plain selection, including exact ties between items of
     * equal vectors that land in different panels, biases (rounded and fused sums), and negative
     * best scores (nothing can be skipped).
     */
    @ParameterizedTest(name = "fused {0}, bias {1}, negative {2}")
    @CsvSource({"true, false, false", "true, true, false", "false, true, false", "true, false, true"})
    void skippingPanelsByNormKeepsTheExactAnswer(boolean fused, boolean withBias, boolean negative) {
        int numItems = 3000;
        int dim = 16;
        Random r = new Random(fused ? 7 : 8);
        float[][] items = new float[numItems + 1][dim];
        for (int i = 1; i <= numItems; i++) {
            double scale = Math.pow(10, -3 * r.nextDouble()); // norms from 1e-3 to 1
            for (int d = 0; d < dim; d++) {
                items[i][d] = (float) (r.nextGaussian() * scale);
            }
            if (i % 97 == 0) {
                items[i] = items[i / 2 + 1].clone(); // equal vectors, far apart in id and in panel
            }
        }
        float[] bias = null;
        if (withBias) {
            bias = new float[numItems + 1];
            for (int i = 1; i <= numItems; i++) {
                bias[i] = i % 97 == 0 ? bias[i / 2 + 1] : (float) (r.nextGaussian() * 0.01);
            }
        }
        FactorTable table = new FactorTable(items, bias, fused);
        int users = 11;
        float[][] rows = new float[users][dim];
        int[] wants = new int[users];
        BitSet[] excluded = new BitSet[users];
        for (int u = 0; u < users; u++) {
            for (int d = 0; d < dim; d++) {
                rows[u][d] = (float) r.nextGaussian();
            }
            wants[u] = 1 + u * 3;
            excluded[u] = new BitSet();
            excluded[u].set(1 + r.nextInt(numItems));
        }
        if (negative) {
            // a user whose every score is negative: the k-th best never passes a norm bound
            rows[0] = new float[dim];
            java.util.Arrays.fill(rows[0], 0f);
            table = new FactorTable(items, null, fused);
            float[][] shifted = new float[numItems + 1][];
            for (int i = 0; i <= numItems; i++) {
                shifted[i] = items[i].clone();
                shifted[i][0] = -Math.abs(shifted[i][0]) - 0.01f;
            }
            table = new FactorTable(shifted, null, fused);
            rows[0][0] = 1f;
        }
        for (FactorKernel k : new FactorKernel[] {FactorKernel.scalar(), FactorKernel.vector()}) {
            PackedItems byNorm = k.packByNorm(table);
            assertThat(byNorm.sortedByNorm()).isTrue();
            float[][][] one = new float[users][][];
            for (int u = 0; u < users; u++) {
                one[u] = new float[][] {rows[u]};
            }
            float[][] out = new float[users][numItems + 1];
            k.score(one, users, k.pack(table), out);
            TopK.Scored[] got = k.top(rows, users, byNorm, wants, excluded);
            for (int u = 0; u < users; u++) {
                out[u][0] = Float.NaN;
                TopK.Scored expected = TopK.top(out[u], wants[u], excluded[u]);
                assertThat(got[u].items()).as("%s user %d", k.name(), u).containsExactly(expected.items());
                assertThat(got[u].scores()).as("%s user %d", k.name(), u).containsExactly(expected.scores());
            }
            PackedItems sorted = byNorm;
            assertThatThrownBy(() -> k.score(one, users, sorted, out)).hasMessageContaining("sorted by norm");
        }
    }

    @Test
    void topRejectsBadInput() {
        PackedItems packed = FactorKernel.scalar().pack(new FactorTable(new float[3][4], null, true));
        assertThatThrownBy(
                        () -> FactorKernel.scalar().top(new float[][] {new float[3]}, 1, packed, new int[] {1}, null))
                .hasMessageContaining("expected 4");
        assertThatThrownBy(
                        () -> FactorKernel.scalar().top(new float[][] {new float[4]}, 1, packed, new int[] {0}, null))
                .hasMessageContaining("want must be positive");
    }

    @Test
    void theReferenceIsTheDocumentedArithmetic() {
        float[][] items = {{0, 0}, {1e8f, 1f}};
        // fused: fma(1, 1, fma(1, 1e8, 0)) = 1e8 + 1 rounded once = 1e8 (1 is below half an ulp)
        PackedItems fused = FactorKernel.scalar().pack(new FactorTable(items, null, true));
        assertThat(fused.score(new float[] {1f, 1f}, 1)).isEqualTo(1e8f);
        PackedItems plain = FactorKernel.scalar().pack(new FactorTable(items, new float[] {0f, 0.5f}, false));
        assertThat(plain.score(new float[] {2f, 3f}, 1)).isEqualTo(0.5f + 2e8f + 3f);
        // fused from a bias: fma(3, 1, fma(2, 1e8, 0.5))
        PackedItems biased = FactorKernel.scalar().pack(new FactorTable(items, new float[] {0f, 0.5f}, true));
        assertThat(biased.score(new float[] {2f, 3f}, 1)).isEqualTo(Math.fma(3f, 1f, Math.fma(2f, 1e8f, 0.5f)));
    }

    @Test
    void rejectsBadShapes() {
        FactorTable table = new FactorTable(new float[3][4], null, true);
        PackedItems packed = FactorKernel.scalar().pack(table);
        assertThatThrownBy(() ->
                        FactorKernel.scalar().score(new float[][][] {{new float[3]}}, 1, packed, new float[1][4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 4");
        assertThatThrownBy(() -> FactorKernel.scalar().score(new float[][][] {{}}, 1, packed, new float[1][4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no factor rows");
        PackedItems other = FactorKernel.vector().pack(table);
        if (other.width != FactorKernel.scalar().panelWidth()) {
            assertThatThrownBy(() ->
                            FactorKernel.scalar().score(new float[][][] {{new float[4]}}, 1, other, new float[1][4]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
