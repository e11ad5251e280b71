package io.attnrec.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnrec.core.synth.SynthConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCopyTest {

    /** A config with a primitive, a boxed-by-reflection double, an object and validation. */
    record Sample(int size, double rate, List<String> names) {
        Sample {
            if (size < 1) {
                throw new IllegalArgumentException("sample: size must be >= 1, got " + size);
            }
        }
    }

    @Test
    void changesOnlyTheNamedComponents() {
        Sample s = new Sample(3, 0.5, List.of("a"));
        assertEquals(new Sample(7, 0.5, List.of("a")), RecordCopy.with(s, "size", 7));
        assertEquals(new Sample(3, 0.25, List.of("b")), RecordCopy.with(s, "rate", 0.25, "names", List.of("b")));
        assertEquals(new Sample(3, 0.5, List.of("a")), s, "the original is untouched");
    }

    @Test
    void theCanonicalConstructorStillValidates() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> RecordCopy.with(new Sample(3, 0.5, List.of()), "size", 0));
        assertEquals("sample: size must be >= 1, got 0", e.getMessage());
    }

    @Test
    void unknownNamesWrongTypesAndOddArgumentsAreRefused() {
        Sample s = new Sample(3, 0.5, List.of());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> RecordCopy.with(s, "sise", 4));
        assertTrue(unknown.getMessage().contains("no component 'sise'"), unknown.getMessage());
        IllegalArgumentException type =
                assertThrows(IllegalArgumentException.class, () -> RecordCopy.with(s, "size", 4.0));
        assertEquals("Sample.size is int, not Double", type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecordCopy.with(s, "size", null));
        assertThrows(IllegalArgumentException.class, () -> RecordCopy.with(s, "size"));
    }

    /** Each wither of the configs that use it names real components and changes only those. */
    @Test
    void theWarmStartAndSynthWithersChangeTheirComponents() {
        WarmStartConfig w = WarmStartConfig.defaults();
        WarmStartConfig changed = w.withSteps(40, 300)
                .withMinSteps(20)
                .withMinStepShare(0.15)
                .withValidateEvery(7)
                .withMaxItems(900)
                .withFineTune(false)
                .withEpochs(3)
                .withReplayRatio(0.5)
                .withNewItemLrScale(4)
                .withNewItemInit(NewItemInit.PRECEDING_RARE)
                .withSchedule(FineTuneSchedule.COSINE)
                .withBoldLrScale(20)
                .withBoldShare(0.25)
                .withBoldProbe(20)
                .withValidation(FineTuneValidation.RECENT)
                .withShrink(0.7)
                .withSelection(FineTuneSelection.LATEST)
                .withLrScale(0.25)
                .withBatchScale(0.5)
                .withResumeOptimizer(true)
                .withWindow(15)
                .withAverage(0.98);
        assertEquals(
                new WarmStartConfig(
                        0.5,
                        w.spareFraction(),
                        900,
                        false,
                        w.minKnownShare(),
                        3,
                        40,
                        300,
                        20,
                        0.15,
                        7,
                        4,
                        NewItemInit.PRECEDING_RARE,
                        FineTuneSchedule.COSINE,
                        20,
                        0.25,
                        20,
                        FineTuneValidation.RECENT,
                        0.7,
                        FineTuneSelection.LATEST,
                        0.25,
                        0.5,
                        true,
                        15,
                        0.98),
                changed);
        assertThrows(
                IllegalArgumentException.class, () -> w.withSteps(10, 5).withMinSteps(6), "min > max still refused");

        SynthConfig s = SynthConfig.defaults();
        SynthConfig t = s.withUsers(10)
                .withItems(30)
                .withTopics(5)
                .withEvents(5, 9)
                .withProbabilities(0.2, 0.0, 0.5)
                .withSeed(7L);
        assertEquals(
                new SynthConfig(
                        10, 30, 5, s.minInterests(), s.maxInterests(), 5, 9, 0.2, 0.0, 0.5, s.zipfExponent(), 7L),
                t);
        assertEquals(2, t.withInterests(2).maxInterests());
        assertEquals(
                List.of(2, 3),
                List.of(
                        t.withInterests(2, 3).minInterests(),
                        t.withInterests(2, 3).maxInterests()));
    }
}
