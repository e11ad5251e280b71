package io.attnrec.nn.comirec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.attnrec.core.model.ModelOptions;
import io.attnrec.nn.multi.MultiInterestContract;
import io.attnrec.nn.multi.OrderOptions;
import io.attnrec.nn.train.LossKind;
import org.junit.jupiter.api.Test;

class ComiRecSaTest extends MultiInterestContract {

    @Override
    protected String modelName() {
        return "comirec-sa";
    }

    @Test
    void defaultsAreTheOrderAwareFifthInterestWithDropoutAndThePublishedExtractorIsTwoOptionsAway() {
        ComiRecSaConfig d = ComiRecSaConfig.parse(ModelOptions.empty());
        assertThat(d).isEqualTo(ComiRecSaConfig.defaults());
        assertThat(d.order().blocks()).isEqualTo(1);
        assertThat(d.order().mode()).isEqualTo(OrderOptions.Mode.INTEREST);
        assertThat(d.order().extraInterests()).isEqualTo(1);
        assertThat(d.common().dropout()).isEqualTo(0.5);
        assertThat(d.common().train().loss()).isEqualTo(LossKind.CE);
        ComiRecSaConfig published = ComiRecSaConfig.parse(ModelOptions.parsePairs("context=0,dropout=0"));
        assertThat(published.order().extraInterests()).isZero();
        assertThat(published.common().dropout()).isZero();
        // what a saved model writes holds both keys, so a later change of defaults cannot move it
        assertThat(d.toOptions()).containsEntry("context", "1").containsEntry("dropout", "0.5");
    }

    @Test
    void rejectsAnEmptyAttention() {
        assertThatThrownBy(() -> provider().train(SPLIT.train(), ModelOptions.parsePairs("attention_size=0"), 1L))
                .hasMessageContaining("attention_size");
        assertThatThrownBy(() -> provider().train(SPLIT.train(), ModelOptions.parsePairs("positions=maybe"), 1L))
                .hasMessageContaining("positions");
    }
}
