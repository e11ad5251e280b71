package io.attnrec.core.fusion;

import io.attnrec.core.model.MemberCopies;
import io.attnrec.core.model.ModelOptions;
import io.attnrec.core.model.Models;
import io.attnrec.core.model.RecordOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of {@link FusionModel}.
 *
 * @param members {@code models}: the member model names joined by {@code +}, e.g. {@code
 *     ease+itemknn} (at least two, each once, not {@code fusion}); {@code NAME#k} ({@code k >= 1})
 *     is a further copy of {@code NAME} trained with the seed plus {@code k} ({@link
 *     MemberCopies}), e.g. {@code sasrec+sasrec#1}, or two models trained earlier, {@code
 *     saved+saved#1,saved.dir=A,saved#1.dir=B}
 * @param memberOptions each member's own options, given as {@code NAME.key=value} (e.g. {@code
 *     ease.lambda=200}, {@code sasrec#1.dropout=0.3})
 * @param norm {@code norm}: how each member's scores are put on one scale per user before
 *     blending: {@code zscore} (default; mean 0, standard deviation 1 over all items) or {@code
 *     minmax} ([0, 1])
 * @param step {@code step}: grid step of the blend weights on the simplex (default 0.1; 1/step must
 *     be a whole number)
 * @param tuneUsers {@code tune_users}: at most this many validation cases (a seeded sample) are used
 *     to choose the weights (default 3000); the members' scores of the cases that fit in 512 MiB
 *     are cached, the others are scored again at every grid point (slower, same choice)
 * @param alpha {@code alpha}: a blend is used only when it beats the best member with a paired
 *     t-test p-value below this (default 0.05; 1 = use the best grid point whatever its margin)
 */
record FusionConfig(
        @RecordOptions.Key("models") List<String> members,
        Map<String, Map<String, String>> memberOptions,
        Norm norm,
        double step,
        int tuneUsers,
        double alpha) {

    /** Per-user score normalisation. */
    public enum Norm {
        ZSCORE,
        MINMAX;

        /** {@code zscore} or {@code minmax}, any case. */
        public static Norm parse(String text) {
            return RecordOptions.choice(
                    Norm.class,
                    text.toLowerCase(Locale.ROOT),
                    "fusion: norm must be zscore or minmax, got '" + text + "'");
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The defaults of the optional keys. {@code models} has none: {@link #from} refuses options
     * without it before reading, so the placeholder members here are never used.
     */
    private static final FusionConfig DEFAULTS =
            new FusionConfig(List.of("pop", "itemknn"), Map.of(), Norm.ZSCORE, 0.1, 3000, 0.05);

    public FusionConfig {
        members = List.copyOf(members);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        memberOptions.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        memberOptions = java.util.Collections.unmodifiableMap(copy);
        if (members.size() < 2) {
            throw new IllegalArgumentException(
                    "fusion: models must name at least two models joined by '+', e.g. models=ease+itemknn");
        }
        for (int m = 0; m < members.size(); m++) {
            String name = members.get(m);
            if (MemberCopies.model(name).equals(FusionModel.NAME)) {
                throw new IllegalArgumentException("fusion: a fusion cannot be a member of itself");
            }
            if (members.subList(0, m).contains(name)) {
                throw new IllegalArgumentException("fusion: model '" + name + "' is listed twice (a second copy is '"
                        + MemberCopies.model(name) + "#1')");
            }
            MemberCopies.seedOffset(FusionModel.NAME, name); // a bad copy number is an error here, not at training
        }
        for (String name : memberOptions.keySet()) {
            if (!members.contains(name)) {
                throw new IllegalArgumentException(
                        "fusion: options for '" + name + "' but it is not in models " + String.join("+", members));
            }
        }
        double cells = 1 / step;
        if (!(step > 0 && step <= 1) || Math.abs(cells - Math.rint(cells)) > 1e-9) {
            throw new IllegalArgumentException(
                    "fusion: step must be in (0, 1] with 1/step a whole number, got " + step);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("fusion: alpha must be in (0, 1], got " + alpha);
        }
        if (tuneUsers < 1) {
            throw new IllegalArgumentException("fusion: tune_users must be >= 1, got " + tuneUsers);
        }
    }

    /** Number of grid cells per unit weight ({@code 1/step}). */
    int cells() {
        return (int) Math.rint(1 / step);
    }

    /** The seed member {@code name} is trained with: the fusion's plus its copy number. */
    static long seedOf(String name, long seed) {
        return seed + MemberCopies.seedOffset(FusionModel.NAME, name);
    }

    /** The options of member {@code name}. */
    ModelOptions optionsOf(String name) {
        return new ModelOptions(memberOptions.getOrDefault(name, Map.of()));
    }

    /**
     * Reads {@code models}, {@code norm}, {@code step}, {@code tune_users} and the {@code NAME.key}
     * member options; every member must be a registered model. Unknown keys are an error.
     */
    public static FusionConfig from(ModelOptions options) {
        String models = options.getString("models", null);
        if (models == null || models.isBlank()) {
            throw new IllegalArgumentException(
                    "fusion: the option models is required, e.g. fusion:models=ease+itemknn");
        }
        FusionConfig c = RecordOptions.parseAll(FusionConfig.class, DEFAULTS, options);
        for (String m : c.members) {
            Models.require(MemberCopies.model(m));
        }
        return c;
    }
}
