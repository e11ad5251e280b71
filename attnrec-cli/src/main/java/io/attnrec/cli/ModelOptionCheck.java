package io.attnrec.cli;

import io.attnrec.core.baselines.bpr.BprConfig;
import io.attnrec.core.baselines.ease.EaseConfig;
import io.attnrec.core.baselines.itemknn.ItemKnnConfig;
import io.attnrec.core.baselines.pop.PopConfig;
import io.attnrec.core.experiment.ModelSpec;
import io.attnrec.core.fusion.FusionConfig;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.rating.AttnRatingConfig;
import io.attnrec.core.rating.BiasedMfConfig;
import io.attnrec.core.rating.SvdPpConfig;
import io.attnrec.nn.comirec.ComiRecDrConfig;
import io.attnrec.nn.comirec.ComiRecSaConfig;
import io.attnrec.nn.gru4rec.Gru4RecConfig;
import io.attnrec.nn.lstmattn.LstmAttnConfig;
import io.attnrec.nn.mind.MindConfig;
import io.attnrec.nn.sasrec.SasRecConfig;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks model names and options before any data is loaded, so that a misspelt option fails in
 * a second rather than after the data set was read and prepared. Each entry runs the same config
 * parser the model's provider runs first in {@code train} (unknown keys and bad values are
 * errors there), on a copy of the options. Models not listed (their providers read options in
 * several steps) are still checked when they train.
 */
final class ModelOptionCheck {

    private static final Map<String, Consumer<ModelOptions>> PARSERS = Map.ofEntries(
            Map.entry("pop", PopConfig::from),
            Map.entry("itemknn", ItemKnnConfig::from),
            Map.entry("ease", EaseConfig::from),
            Map.entry("bpr", BprConfig::from),
            Map.entry("biasedmf", BiasedMfConfig::from),
            Map.entry("svdpp", SvdPpConfig::from),
            Map.entry("attn-rating", AttnRatingConfig::from),
            Map.entry("fusion", FusionConfig::from),
            Map.entry("category-pop", ModelOptions::requireAllUsed),
            Map.entry("sasrec", SasRecConfig::parse),
            Map.entry("gru4rec", Gru4RecConfig::parse),
            Map.entry("lstm-attn", LstmAttnConfig::parse),
            Map.entry("comirec-sa", ComiRecSaConfig::parse),
            Map.entry("comirec-dr", ComiRecDrConfig::parse),
            Map.entry("mind", MindConfig::parse));

    private ModelOptionCheck() {}

    /**
     * Fails with the parser's own message (prefixed with the model's name) when the model is
     * unknown or an option is unknown or invalid.
     *
     * @throws IllegalArgumentException for an unknown model or bad options
     */
    static void check(ModelSpec spec) {
        Models.require(spec.name());
        Consumer<ModelOptions> parser = PARSERS.get(spec.name());
        if (parser == null) {
            return;
        }
        try {
            parser.accept(new ModelOptions(spec.options().asMap()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(spec.name() + ": " + e.getMessage(), e);
        }
    }
}
