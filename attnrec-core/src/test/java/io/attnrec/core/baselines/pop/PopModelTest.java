package io.attnrec.core.baselines.pop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.baselines.TestData;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopModelTest {

    @Test
    void scoresAreTrainingCountsWhateverTheHistory() {
        // a=1 b=2 c=3 d=4: b appears three times (a repeat counts), d never.
        TrainingData data = TestData.of(4, new int[] {1, 2, 2}, new int[] {2, 3}, new int[] {});
        PopModel m = PopModel.train(data, PopConfig.from(ModelOptions.empty()));
        float[] s = new float[5];
        m.score(0, new int[] {1}, s);
        assertThat(s).containsExactly(0f, 1f, 3f, 1f, 0f);
        float[] t = new float[5];
        m.score(-1, new int[] {3, 4}, t);
        assertThat(t).containsExactly(s);
        assertThat(m.count(2)).isEqualTo(3);
    }

    @Test
    void anyOptionIsRejected() {
        assertThatThrownBy(() -> PopConfig.from(new ModelOptions(Map.of("window", "5"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
    }

    @Test
    void truncatedCountsFileIsReportedWithItsName(@TempDir Path dir) throws IOException {
        PopModel m = PopModel.train(TestData.of(3, new int[] {1, 2, 3}), new PopConfig());
        m.save(dir);
        Path counts = dir.resolve("counts.bin");
        byte[] bytes = Files.readAllBytes(counts);
        Files.write(counts, java.util.Arrays.copyOf(bytes, bytes.length - 2));
        assertThatThrownBy(() -> PopModel.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("counts.bin");
    }
}
