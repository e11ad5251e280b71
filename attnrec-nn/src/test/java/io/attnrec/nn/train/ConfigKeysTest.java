package io.attnrec.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.comirec.ComiRecDrConfig;
import io.attnrec.nn.comirec.ComiRecSaConfig;
import io.attnrec.nn.multi.MultiTrainConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The training and ComiRec configs declare their keys once (record components): the keys, their
 * order and values written to model files stay those the hand-written lists wrote.
 */
class ConfigKeysTest {

    @Test
    void trainingKeysAreReadAndWrittenAsBefore() {
        assertThat(TrainConfig.defaults().toOptions())
                .containsExactly(
                        Map.entry("epochs", "200"),
                        Map.entry("batch_size", "128"),
                        Map.entry("lr", "0.001"),
                        Map.entry("weight_decay", "0.0"),
                        Map.entry("patience", "10"),
                        Map.entry("eval_every", "1"),
                        Map.entry("loss", "ce"),
                        Map.entry("negatives", "256"),
                        Map.entry("gbce_t", "0.75"),
                        Map.entry("val_users", "0"),
                        Map.entry("min_epochs", "-1"));
        ModelOptions o = ModelOptions.parsePairs("lr=0.01,loss=gbce,progress=false,output_dir=curves,epochs=3");
        TrainConfig t = TrainConfig.parse(o, TrainConfig.defaults());
        o.requireAllUsed();
        assertThat(t.learningRate()).isEqualTo(0.01);
        assertThat(t.loss()).isEqualTo(LossKind.GBCE);
        assertThat(t.progress()).isFalse();
        assertThat(t.outputDir()).isEqualTo(Path.of("curves"));
        assertThat(t.epochs()).isEqualTo(3);
        assertThatThrownBy(() -> TrainConfig.parse(ModelOptions.parsePairs("batch_size=0"), TrainConfig.defaults()))
                .hasMessage("batch_size must be >= 1");

        assertThat(MultiTrainConfig.defaults().toOptions().keySet())
                .containsExactly(
                        "epochs",
                        "samples_per_user",
                        "min_history",
                        "batch_size",
                        "lr",
                        "weight_decay",
                        "negatives",
                        "patience",
                        "eval_every",
                        "val_users",
                        "loss",
                        "interest_reg",
                        "objective",
                        "ema");
        assertThatThrownBy(
                        () -> MultiTrainConfig.parse(ModelOptions.parsePairs("loss=bce"), MultiTrainConfig.defaults()))
                .hasMessage("loss of a multi-interest model must be sampled or ce, got bce");
    }

    @Test
    void comiRecKeysKeepTheirDefaultsAndChecks() {
        ComiRecSaConfig sa = ComiRecSaConfig.parse(ModelOptions.parsePairs("dim=8"));
        assertThat(sa.attentionSize()).isEqualTo(32); // 4 D of the D given
        assertThat(sa.toOptions()).containsEntry("attention_size", "32").containsEntry("positions", "true");

        ComiRecDrConfig dr = ComiRecDrConfig.parse(ModelOptions.parsePairs("maps=interest,iterations=5"));
        assertThat(dr.sharedMaps()).isTrue();
        assertThat(dr.toOptions()).containsEntry("maps", "interest").containsEntry("iterations", "5");
        // the published maps and iterations stay the defaults (issue 19, session 11: one map per
        // interest with five iterations lost test Recall@50); all three are always saved
        assertThat(ComiRecDrConfig.defaults().toOptions())
                .containsEntry("maps", "position")
                .containsEntry("iterations", "3")
                .containsEntry("interest_scale", "1.0");
        assertThatThrownBy(() -> ComiRecDrConfig.parse(ModelOptions.parsePairs("maps=row")))
                .hasMessage("maps must be position or interest, not 'row'");
        assertThatThrownBy(() -> ComiRecDrConfig.parse(ModelOptions.parsePairs("mapz=row")))
                .hasMessageContaining("mapz");
    }

    /** The withers copy through {@code RecordCopy}: each changes its own component and no other. */
    @Test
    void withersChangeOnlyTheirComponent() {
        TrainConfig t = TrainConfig.defaults();
        TrainConfig u = t.withEpochs(7).withLearningRate(0.01);
        assertThat(u)
                .isEqualTo(new TrainConfig(
                        7,
                        t.batchSize(),
                        0.01,
                        t.weightDecay(),
                        t.patience(),
                        t.evalEvery(),
                        t.loss(),
                        t.negatives(),
                        t.gbceT(),
                        t.valUsers(),
                        t.progress(),
                        t.outputDir(),
                        t.minEpochs()));

        MultiTrainConfig m = MultiTrainConfig.defaults();
        MultiTrainConfig n = m.withEpochs(3)
                .withLoss(LossKind.CE)
                .withInterestReg(0.5)
                .withObjective(MultiTrainConfig.Objective.MERGED);
        assertThat(n)
                .isEqualTo(new MultiTrainConfig(
                        3,
                        m.samplesPerUser(),
                        m.minHistory(),
                        m.batchSize(),
                        m.learningRate(),
                        m.weightDecay(),
                        m.negatives(),
                        m.patience(),
                        m.evalEvery(),
                        m.valUsers(),
                        m.progress(),
                        LossKind.CE,
                        0.5,
                        MultiTrainConfig.Objective.MERGED,
                        0.0));
        assertThatThrownBy(() -> m.withEpochs(0)).hasMessageContaining("epochs");
        assertThatThrownBy(() -> MultiTrainConfig.parse(ModelOptions.parsePairs("ema=1"), m))
                .hasMessage("ema must be 0 (off) or a decay in (0, 1)");
    }
}
