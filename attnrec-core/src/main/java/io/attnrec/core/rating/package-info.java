/**
 * Explicit rating prediction (SPEC C6): {@link io.attnrec.core.rating.BiasedMf} ({@code biasedmf}),
 * {@link io.attnrec.core.rating.SvdPp} ({@code svdpp}), the attention model {@link
 * io.attnrec.core.rating.AttnRating} ({@code attn-rating}), the item autoencoder {@link
 * io.attnrec.core.rating.AutoRec} ({@code autorec}), the neighbourhood model {@link
 * io.attnrec.core.rating.KnnBaseline} ({@code knn-baseline}) and their blend {@link
 * io.attnrec.core.rating.RatingBlend} ({@code rating-blend}), all pure Java and registered through
 * the ordinary {@link io.attnrec.core.model.ModelProvider} registry; each is a {@link
 * io.attnrec.core.model.Recommender} and a {@link io.attnrec.core.rating.RatingPredictor}.
 *
 * <p>The rating protocol ({@link io.attnrec.core.rating.RatingProtocol}, {@code attnrec compare
 * --protocol rating [--folds N]}) trains on MovieLens-100K's official {@code uX.base} files and
 * predicts {@code uX.test} ({@link io.attnrec.core.rating.RatingFolds}); RMSE and MAE are
 * averaged over the folds. Hyper-parameters are chosen on a slice held out of the training fold,
 * never on the test files.
 *
 * <p>Exports {@link AttnRatingProvider}, {@link AutoRecProvider}, {@link BiasedMfProvider}, {@link
 * KnnBaselineProvider}, {@link RatingBlendProvider}, {@link RatingProtocol}, {@link SvdPpProvider};
 * the other classes are package-private.
 */
package io.attnrec.core.rating;
