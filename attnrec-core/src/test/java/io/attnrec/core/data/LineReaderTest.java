package io.attnrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded line reading and sampled charset detection (issue 14 item 6). */
class LineReaderTest {

    @TempDir
    Path tmp;

    private static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (LineReader r = new LineReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.next()) != null) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void lineEndsAreThoseOfBufferedReader() throws IOException {
        Path f = tmp.resolve("ends.txt");
        Files.writeString(f, "\uFEFFa b\r\nc\rd\n\ne", StandardCharsets.UTF_8);
        assertThat(lines(f)).containsExactly("a b", "c", "d", "", "e");
        Files.writeString(f, "x\r", StandardCharsets.UTF_8);
        assertThat(lines(f)).containsExactly("x");
        Files.writeString(f, "", StandardCharsets.UTF_8);
        assertThat(lines(f)).isEmpty();
        // Lines longer than the read buffer are put together.
        String longLine = "7 ".repeat(100_000).strip();
        Files.writeString(f, "1 2\n" + longLine + "\n3 4\n", StandardCharsets.UTF_8);
        assertThat(lines(f)).containsExactly("1 2", longLine, "3 4");
    }

    @Test
    void aBinaryFileWithoutLineBreaksIsRefusedNotReadIntoOneString() throws IOException {
        byte[] binary = new byte[3 << 20]; // 3 MiB, no CR or LF
        new SplittableRandom(5).nextBytes(binary);
        for (int i = 0; i < binary.length; i++) {
            if (binary[i] == '\n' || binary[i] == '\r') {
                binary[i] = 'x';
            }
        }
        Path f = Files.write(tmp.resolve("data.txt"), binary);

        assertThatThrownBy(() -> new SasRecLoader().load(f, LoadOptions.strict()))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("data.txt:1: line longer than " + LineReader.MAX_LINE_CHARS + " characters");
        // Detection only peeks, and says "not this format" rather than failing.
        assertThat(Sources.peek(f, 5)).isEmpty();
    }

    @Test
    void charsetOfALargeFileIsDetectedFromASample() throws IOException {
        // 6 MiB of multi-byte UTF-8 text: chunk boundaries fall inside characters.
        StringBuilder sb = new StringBuilder();
        SplittableRandom r = new SplittableRandom(11);
        String[] words = {"café", "naïve", "Zürich", "東京", "🎬film", "plain"};
        while (sb.length() < 5_000_000) {
            sb.append(r.nextInt(1000))
                    .append(' ')
                    .append(words[r.nextInt(words.length)])
                    .append('\n');
        }
        byte[] utf8 = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertThat((long) utf8.length).isGreaterThan(LineReader.WHOLE_CHECK_BYTES);
        Path big = Files.write(tmp.resolve("big.txt"), utf8);
        assertThat(LineReader.detectCharset(big)).isEqualTo(StandardCharsets.UTF_8);

        // A Latin-1 accent in the head, or at the very end, is seen.
        byte[] head = Arrays.copyOf(utf8, utf8.length);
        head[100] = (byte) 0xE9;
        assertThat(LineReader.detectCharset(Files.write(tmp.resolve("head.txt"), head)))
                .isEqualTo(StandardCharsets.ISO_8859_1);
        byte[] tail = Arrays.copyOf(utf8, utf8.length + 2);
        tail[utf8.length] = 'x';
        tail[utf8.length + 1] = (byte) 0xE9;
        assertThat(LineReader.detectCharset(Files.write(tmp.resolve("tail.txt"), tail)))
                .isEqualTo(StandardCharsets.ISO_8859_1);
        // Small files are still checked whole.
        byte[] small = "a b\nc d\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        small[small.length / 2] = (byte) 0xE9;
        assertThat(LineReader.detectCharset(Files.write(tmp.resolve("small.txt"), small)))
                .isEqualTo(StandardCharsets.ISO_8859_1);
    }
}
