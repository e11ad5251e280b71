package io.attnrec.core.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.concurrent.Parallel;
import io.attnrec.core.model.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    @Test
    void floatsRoundTripBitForBit(@TempDir Path dir) throws IOException {
        float[] data = {0f, -0f, 1.5f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.NaN, 1e-30f};
        // More than one 1 MiB chunk, to cross a buffer boundary.
        float[] big = new float[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) Math.sin(i);
        }
        for (float[] a : new float[][] {data, big, new float[0]}) {
            Path f = dir.resolve("a" + a.length + ".bin");
            ModelFiles.writeFloats(f, a);
            float[] back = ModelFiles.readFloats(f, a.length);
            assertThat(back).hasSize(a.length);
            for (int i = 0; i < a.length; i++) {
                assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(a[i]));
            }
        }
    }

    @Test
    void matrixRowsAndIntsRoundTrip(@TempDir Path dir) throws IOException {
        float[][] rows = {{1f, 2f, 3f}, {4f, 5f, 6f}};
        ModelFiles.writeFloatRows(dir.resolve("m.bin"), rows, 3);
        assertThat(ModelFiles.readFloatRows(dir.resolve("m.bin"), 2, 3)).isDeepEqualTo(rows);
        assertThatThrownBy(() -> ModelFiles.readFloatRows(dir.resolve("m.bin"), 3, 3))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("m.bin")
                .hasMessageContaining("expected 9");
        int[] ints = {7, -1, Integer.MAX_VALUE};
        ModelFiles.writeInts(dir.resolve("i.bin"), ints);
        assertThat(ModelFiles.readInts(dir.resolve("i.bin"), -1)).containsExactly(ints);
        assertThatThrownBy(() -> ModelFiles.readFloats(dir.resolve("i.bin"), -1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("expected 'F'");
    }

    @Test
    void foreignAndTruncatedFilesAreRejected(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.bin");
        Files.writeString(junk, "hello, this is not an array file");
        assertThatThrownBy(() -> ModelFiles.readInts(junk, -1)).hasMessageContaining("not an attnrec array file");
        Path f = dir.resolve("f.bin");
        ModelFiles.writeFloats(f, new float[] {1, 2, 3});
        Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 20));
        assertThatThrownBy(() -> ModelFiles.readFloats(f, -1)).hasMessageContaining("does not match");
    }

    @Test
    void metaKeepsSettingsAndChecksTheModelName(@TempDir Path dir) throws IOException {
        ModelFiles.writeMeta(dir, "ease", Map.of("lambda", "200.0", "size", "12"));
        ModelFiles.Meta meta = ModelFiles.readMeta(dir, "ease");
        assertThat(meta.real("lambda")).isEqualTo(200.0);
        assertThat(meta.integer("size")).isEqualTo(12);
        assertThatThrownBy(() -> meta.integer("missing")).hasMessageContaining("missing setting 'missing'");
        assertThatThrownBy(() -> meta.integer("lambda")).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> ModelFiles.readMeta(dir, "pop")).hasMessageContaining("holds a 'ease' model");
    }

    @Test
    void parallelRunsEveryTaskOnceAndPropagatesFailures() {
        AtomicIntegerArray runs = new AtomicIntegerArray(1000);
        try (Parallel par = new Parallel(3)) {
            par.forEach(1000, runs::incrementAndGet);
            for (int t = 0; t < 1000; t++) {
                assertThat(runs.get(t)).isEqualTo(1);
            }
            assertThatThrownBy(() -> par.forEach(50, t -> {
                        if (t == 17) {
                            throw new IllegalStateException("task 17 failed");
                        }
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("task 17 failed");
        }
        assertThatThrownBy(() -> new Parallel(0)).hasMessageContaining("threads");
    }
}
