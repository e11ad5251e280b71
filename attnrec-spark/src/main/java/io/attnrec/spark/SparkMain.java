package io.attnrec.spark;

import io.attnrec.core.data.DataFormatException;
import io.attnrec.core.data.LoadOptions;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.eval.EvaluationResult;
import io.attnrec.core.eval.Evaluator;
import io.attnrec.core.experiment.DataSpec;
import io.attnrec.core.experiment.Experiments;
import io.attnrec.core.model.LoadedModel;
import io.attnrec.core.model.ModelArtifact;
import io.attnrec.core.prep.Dataset;
import io.attnrec.core.prep.PrepConfig;
import io.attnrec.core.report.ComparisonReport;
import io.attnrec.core.split.HistoryMask;
import io.attnrec.core.split.Split;
import io.attnrec.options.EvaluationOptions;
import io.attnrec.options.PrepOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code attnrec spark prepare|recommend|evaluate}: the Spark jobs from the command line. This is
 * its own main class in this module, so Spark stays off the plain CLI's class path: the {@code
 * ./attnrec} launcher starts it (with Spark's JVM flags) when the first argument is {@code spark},
 * and on a cluster {@code spark-submit --class io.attnrec.spark.SparkMain} runs the shaded jar.
 * Exit codes as in the CLI: 0 success, 2 bad usage, 1 failure with one sentence on stderr ({@code
 * ATTNREC_DEBUG=1} adds the stack trace).
 */
@Command(
        name = "attnrec spark",
        mixinStandardHelpOptions = true,
        version = "attnrec 0.1.0 (Spark 4.2.0)",
        description = "Distributed preparation, batch top-K and evaluation on Apache Spark.",
        subcommands = {
            SparkMain.Prepare.class,
            SparkMain.Recommend.class,
            SparkMain.Evaluate.class,
            CommandLine.HelpCommand.class
        })
public final class SparkMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            PrintWriter err = c.getErr();
            err.println("attnrec spark: error: " + describe(e));
            if (System.getenv("ATTNREC_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a command is required: prepare, recommend or evaluate");
    }

    /**
     * One sentence: the first problem in the cause chain that has a user-facing message. Spark wraps
     * a task's exception in its own ({@code SparkException}, "Job aborted due to stage failure"),
     * so the chain is searched, not just its head.
     */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchFileException nsf) {
                return "no such file or directory: " + nsf.getFile();
            }
            if (t instanceof DataFormatException || t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t.getClass() == RuntimeException.class) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage()).lines().findFirst().orElse("");
        return t instanceof IOException ? "I/O error: " + m : t.getClass().getSimpleName() + ": " + m;
    }

    static void info(String message) {
        System.err.println("attnrec spark: " + message);
    }

    /** Where Spark runs. */
    static final class SparkOptions {
        @Option(
                names = "--master",
                paramLabel = "URL",
                description = "local[N] (this machine, N threads), spark://HOST:PORT, yarn, ... "
                        + "(default: spark-submit's master, else local[*]).")
        String master;

        @Option(
                names = "--partitions",
                paramLabel = "N",
                description = "Tasks per scoring job and shuffle partitions (default: 4 per core of the master).")
        Integer partitions;

        SparkSession start() {
            String m = master != null ? master : System.getProperty("spark.master") != null ? null : "local[*]";
            int p = partitions != null ? partitions : 4 * Math.max(1, localCores(m));
            if (p < 1) {
                throw new IllegalArgumentException("--partitions must be at least 1, got " + p);
            }
            return SparkSessions.start(m, p);
        }

        int partitions(SparkSession spark) {
            return partitions != null ? partitions : 4 * spark.sparkContext().defaultParallelism();
        }

        private static int localCores(String master) {
            if (master == null || !master.startsWith("local")) {
                return Runtime.getRuntime().availableProcessors();
            }
            String n = master.replaceAll("^local\\[?([^,\\]]*).*$", "$1");
            return n.isEmpty() || n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
        }
    }

    /**
     * Data options: the reading and preparation options of the single-machine CLI ({@link
     * PrepOptions}), with Spark's own {@code --data}, {@code --format} and {@code --delimiter}.
     */
    static final class DataOptions {
        @Option(
                names = "--data",
                required = true,
                paramLabel = "PATH",
                description = "Data file or folder (CSV/TSV, Parquet, MovieLens, RecBole, SASRec, S3-Rec, or a "
                        + "folder written by spark prepare).")
        Path data;

        @Option(
                names = "--format",
                defaultValue = "auto",
                description = "auto, csv, parquet (prepare only), movielens, sasrec, s3rec, recbole or prepared "
                        + "(default: ${DEFAULT-VALUE}).")
        String format;

        @Mixin
        PrepOptions prepOptions;

        @Option(names = "--delimiter", paramLabel = "C", description = "CSV field separator (default: detected).")
        String delimiter;

        PrepConfig prep() {
            return prepOptions.prep();
        }

        LoadOptions load() {
            return prepOptions.load(delimiter);
        }
    }

    @Command(
            name = "prepare",
            mixinStandardHelpOptions = true,
            description =
                    "Prepare raw events on Spark (de-duplication, rating threshold, k-core, time order, dense ids) "
                            + "and write sequences and id maps as Parquet; identical to the single-machine preparation.")
    static final class Prepare implements Callable<Integer> {
        @Mixin
        SparkOptions sparkOptions;

        @Mixin
        DataOptions data;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
        Path out;

        @Override
        public Integer call() throws Exception {
            PrepConfig prep = data.prep();
            LoadOptions load = data.load();
            SparkSession spark = sparkOptions.start();
            try {
                long start = System.nanoTime();
                SparkEvents.Raw raw = SparkEvents.read(spark, data.data, data.format, load);
                PreparedData.Manifest m = PreparedData.write(raw, SparkPreparer.prepare(raw.events(), prep), prep, out);
                if (raw.skipped().value() > 0) {
                    info("skipped " + raw.skipped().value() + " malformed record(s) in " + data.data + " (--lenient)");
                }
                System.out.printf(
                        Locale.ROOT,
                        "prepared %s (%s): %,d users, %,d items, %,d interactions in %.1f s; written to %s%n",
                        m.name(),
                        m.sourceFormat(),
                        m.users(),
                        m.items(),
                        m.interactions(),
                        (System.nanoTime() - start) / 1e9,
                        out);
                return 0;
            } finally {
                spark.stop();
            }
        }
    }

    @Command(
            name = "recommend",
            mixinStandardHelpOptions = true,
            description = "Top-K for every user of a saved model, written as Parquet (user, rank, item, score).")
    static final class Recommend implements Callable<Integer> {
        @Mixin
        SparkOptions sparkOptions;

        @Option(
                names = "--model",
                required = true,
                paramLabel = "DIR",
                description = "A directory written by attnrec train.")
        Path modelDir;

        @Option(names = "--k", defaultValue = "10", description = "Items per user (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (Parquet).")
        Path out;

        @Option(
                names = "--data",
                paramLabel = "DIR",
                description = "Score the users of this data set (a folder written by spark prepare) from their "
                        + "histories there, instead of the model's own users; items the model does not know are "
                        + "left out of the histories and counted.")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (k < 1 || k > 10_000) {
                throw new IllegalArgumentException("--k must be between 1 and 10000, got " + k);
            }
            // read before Spark starts, so that a folder that is not a prepared data set fails at once
            long users = data != null
                    ? PreparedData.manifest(data).users()
                    : ModelArtifact.load(modelDir).users().size();
            SparkSession spark = sparkOptions.start();
            try {
                long start = System.nanoTime();
                if (data == null) {
                    SparkRecommend.topK(spark, modelDir, (int) users, k, sparkOptions.partitions(spark))
                            .write()
                            .mode(SaveMode.Overwrite)
                            .parquet(out.toString());
                } else {
                    SparkRecommend.DataScored scored =
                            SparkRecommend.topK(spark, modelDir, data, k, sparkOptions.partitions(spark));
                    scored.rows().write().mode(SaveMode.Overwrite).parquet(out.toString());
                    info(String.format(
                            Locale.ROOT,
                            "the model knows %,d of the data set's %,d items; %,d events on the others were left "
                                    + "out of the histories; %,d users had no known item (scored as new users)",
                            scored.knownItems(),
                            scored.dataItems(),
                            scored.droppedEvents(),
                            scored.coldUsers()));
                }
                double s = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "top-%d of %,d users in %.1f s (%,.0f users/s); written to %s%n",
                        k,
                        users,
                        s,
                        users / s,
                        out);
                return 0;
            } finally {
                spark.stop();
            }
        }
    }

    @Command(
            name = "evaluate",
            mixinStandardHelpOptions = true,
            description = "Evaluate a saved model on the test part of the same split, ranking on Spark; "
                    + "the same report and options as attnrec evaluate (--threads is not used: Spark runs "
                    + "one task per core).")
    static final class Evaluate implements Callable<Integer> {
        @Mixin
        SparkOptions sparkOptions;

        @Option(
                names = "--model",
                required = true,
                paramLabel = "DIR",
                description = "A directory written by attnrec train.")
        Path modelDir;

        @Mixin
        DataOptions data;

        /** The same protocol, seed, ranking and thread options as {@code attnrec evaluate}. */
        @Mixin
        EvaluationOptions eval;

        @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here.")
        Path json;

        @Override
        public Integer call() throws Exception {
            // as attnrec evaluate: ComiRec's protocol reports Recall/HitRate at 20 and 50
            // one evaluator thread: Spark runs one task per core, so --threads is not read here
            int[] cutoffs = eval.cutoffs(HistoryMask.HISTORY);
            EvalConfig config = new EvalConfig(cutoffs, 1, eval.ranking.sampledNegatives, eval.seed);
            LoadedModel loaded = ModelArtifact.load(modelDir);
            Dataset d =
                    Experiments.load(new DataSpec(data.data, data.format, data.load(), data.prep()), SparkMain::info);
            Split split = Experiments.splitOf(loaded, d, eval.protocol, data.data.toString());
            Evaluator evaluator = new Evaluator(config, split.train());
            SparkSession spark = sparkOptions.start();
            EvaluationResult r;
            try {
                r = SparkEvaluation.evaluate(
                        spark, modelDir, evaluator, config, split.test(), sparkOptions.partitions(spark));
            } finally {
                spark.stop();
            }
            ComparisonReport report = Experiments.savedModelReport(d, split, loaded, r);
            System.out.print(report.toText());
            if (json != null) {
                report.writeJson(json);
            }
            return 0;
        }
    }
}
