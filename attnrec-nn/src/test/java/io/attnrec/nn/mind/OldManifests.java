package io.attnrec.nn.mind;

import static org.assertj.core.api.Assertions.assertThat;

import io.attnrec.nn.model.NeuralFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saved MIND models made to look as if written before an option existed. */
final class OldManifests {

    private OldManifests() {}

    /**
     * Rewrites {@code dir/model.json} without the option {@code key} (saved as {@code value}) and at
     * {@code format}, as manifests written before the option existed are; checks the rewrite took.
     */
    static void dropOption(Path dir, String key, String value, int format) throws IOException {
        Path manifest = dir.resolve("model.json");
        String json = Files.readString(manifest);
        String old = json.replaceAll(",?\\s*\"" + key + "\"\\s*:\\s*\"" + value + "\"", "")
                .replace("\"format\" : " + NeuralFiles.FORMAT, "\"format\" : " + format);
        assertThat(old).isNotEqualTo(json).doesNotContain(key).contains("\"format\" : " + format);
        Files.writeString(manifest, old);
    }
}
