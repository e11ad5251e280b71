package io.attnrec.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code attnrec spark ...}: the Spark jobs live in the attnrec-spark module, whose jars are kept
 * off this class path on purpose. The {@code ./attnrec} launcher runs them directly; this command
 * only tells someone who reached the plain jar where they are.
 */
@Command(
        name = "spark",
        mixinStandardHelpOptions = true,
        description = "Distributed prepare, recommend and evaluate on Apache Spark (run through ./attnrec spark ...).")
final class SparkCommand implements Callable<Integer> {

    /** prepare, recommend or evaluate and their options, as typed (kept for the message). */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        throw new IllegalStateException("the Spark commands are not in this jar (Spark stays off the plain CLI's class"
                + " path): run them as ./attnrec spark " + String.join(" ", args)
                + ", or with spark-submit and the cluster jar (attnrec-spark/README.md)");
    }
}
