package io.attnrec.core.experiment;

import io.attnrec.core.model.Recommender;

/**
 * A model fresh from training.
 *
 * @param spec what was asked for
 * @param model the trained scorer
 * @param trainSeconds wall-clock training time, validation-based tuning included
 */
public record TrainedModel(ModelSpec spec, Recommender model, double trainSeconds) {}
