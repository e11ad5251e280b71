package io.attnrec.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.FactorTable;
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
