package io.attnrec.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.ModelOptions;
import org.junit.jupiter.api.Test;

/** The rating models' keys, read from their config records: defaults, the lr_bias rule, errors. */
class RatingConfigKeysTest {

    @Test
    void lrBiasFollowsAGivenLrUnlessGivenItself() {
        assertThat(BiasedMfConfig.from(ModelOptions.parsePairs("")).sgd().lrBias())
                .isEqualTo(0.01);
        SgdConfig lr = SvdPpConfig.from(ModelOptions.parsePairs("lr=0.02")).sgd();
        assertThat(lr.lr()).isEqualTo(0.02);
        assertThat(lr.lrBias()).isEqualTo(0.02);
        assertThat(BiasedMfConfig.from(ModelOptions.parsePairs("lr=0.02,lr_bias=0.5"))
                        .sgd()
                        .lrBias())
                .isEqualTo(0.5);
        assertThat(BiasedMfConfig.from(ModelOptions.parsePairs("dim=8,epochs=7")))
                .isEqualTo(new BiasedMfConfig(8, 0.05, new SgdConfig(0.01, 0.01, 0.08, 0.01, 0.98, 7, 3, 0.05, true)));
    }

    @Test
    void errorsNameTheModel() {
        assertThatThrownBy(() -> BiasedMfConfig.from(ModelOptions.parsePairs("lr=-1")))
                .hasMessage("biasedmf: lr must be a number > 0, got -1.0");
        assertThatThrownBy(() -> SvdPpConfig.from(ModelOptions.parsePairs("dim=0")))
                .hasMessage("svdpp: dim must be >= 1, got 0");
        assertThatThrownBy(() -> AttnRatingConfig.from(ModelOptions.parsePairs("pool=max")))
                .hasMessage("attn-rating: pool must be sqrt or mean, got 'max'");
        assertThatThrownBy(() -> AttnRatingConfig.from(ModelOptions.parsePairs("decay=2")))
                .hasMessage("attn-rating: decay must be in (0, 1], got 2.0");
        assertThat(AttnRatingConfig.from(ModelOptions.parsePairs("pool=mean")).sqrtPool())
                .isFalse();
        assertThatThrownBy(() -> SvdPpConfig.from(ModelOptions.parsePairs("dimm=3")))
                .hasMessageStartingWith("svdpp: unknown model option(s) [dimm]");
    }
}
