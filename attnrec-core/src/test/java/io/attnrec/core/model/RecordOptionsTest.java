package io.attnrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordOptionsTest {

    /** A nested config with its own keys and defaults. */
    public record Inner(double learningRate) {
        public static Inner parse(ModelOptions o, Inner d) {
            return new Inner(o.getDouble("lr", d.learningRate));
        }

        public Map<String, String> toOptions() {
            return Map.of("lr", Double.toString(learningRate));
        }
    }

    public record Outer(int maxLen, double dropout, boolean relu, long seed, Inner train) {
        public Outer {
            if (maxLen < 1) {
                throw new IllegalArgumentException("max_len must be >= 1");
            }
        }
    }

    private static final Outer DEFAULTS = new Outer(50, 0.5, false, 7L, new Inner(0.001));

    @Test
    void componentsAreKeysInSnakeCaseAndNestedConfigsReadTheirOwn() {
        ModelOptions o = ModelOptions.parsePairs("max_len=20,relu=true,lr=0.01");
        Outer c = RecordOptions.parse(Outer.class, DEFAULTS, o);
        o.requireAllUsed();
        assertThat(c).isEqualTo(new Outer(20, 0.5, true, 7L, new Inner(0.01)));
        Map<String, String> written = RecordOptions.toOptions(c);
        assertThat(written)
                .containsExactly(
                        Map.entry("max_len", "20"),
                        Map.entry("dropout", "0.5"),
                        Map.entry("relu", "true"),
                        Map.entry("seed", "7"),
                        Map.entry("lr", "0.01"));
        assertThat(RecordOptions.parse(Outer.class, DEFAULTS, new ModelOptions(new LinkedHashMap<>(written))))
                .isEqualTo(c);
    }

    @Test
    void badValuesAndTheRecordsOwnChecksAreClearErrors() {
        assertThatThrownBy(() -> RecordOptions.parse(Outer.class, DEFAULTS, ModelOptions.parsePairs("max_len=x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_len=x is not an integer");
        assertThatThrownBy(() -> RecordOptions.parse(Outer.class, DEFAULTS, ModelOptions.parsePairs("max_len=0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max_len must be >= 1");
        ModelOptions unknown = ModelOptions.parsePairs("max_lne=3");
        RecordOptions.parse(Outer.class, DEFAULTS, unknown);
        assertThatThrownBy(unknown::requireAllUsed).hasMessageContaining("max_lne");
    }

    /** A value type: read by its static parse(String), written by key(). */
    public enum Kind {
        SMALL,
        LARGE;

        public static Kind parse(String text) {
            return switch (text) {
                case "small" -> SMALL;
                case "large" -> LARGE;
                default -> throw new IllegalArgumentException("kind must be small or large, not '" + text + "'");
            };
        }

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Run(
            @RecordOptions.Key("lr") double learningRate,
            String name,
            Kind kind,
            @RecordOptions.NotSaved boolean progress,
            @RecordOptions.NotSaved Path outputDir) {}

    @Test
    void keysCanBeNamedTextAndValueTypesRoundTripAndReportingIsNotSaved() {
        Run d = new Run(0.1, "a", Kind.SMALL, true, null);
        ModelOptions o = ModelOptions.parsePairs("lr=0.5,name=b,kind=large,progress=false,output_dir=/tmp/x");
        Run c = RecordOptions.parse(Run.class, d, o);
        o.requireAllUsed();
        assertThat(c).isEqualTo(new Run(0.5, "b", Kind.LARGE, false, Path.of("/tmp/x")));
        assertThat(RecordOptions.toOptions(c))
                .containsExactly(Map.entry("lr", "0.5"), Map.entry("name", "b"), Map.entry("kind", "large"));
        assertThat(RecordOptions.parse(Run.class, d, ModelOptions.parsePairs("")))
                .isEqualTo(d);
        assertThatThrownBy(() -> RecordOptions.parse(Run.class, d, ModelOptions.parsePairs("kind=huge")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind must be small or large, not 'huge'");
        // the snake-case name of a renamed component is not a key
        ModelOptions old = ModelOptions.parsePairs("learning_rate=0.5");
        RecordOptions.parse(Run.class, d, old);
        assertThatThrownBy(old::requireAllUsed).hasMessageContaining("learning_rate");
    }
}
