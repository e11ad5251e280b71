package io.attnrec.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the {@link SparkSession} every attnrec job runs in. On a workstation (master {@code
 * local[N]}) the driver binds to the loopback address and the web UI stays off: nothing listens on
 * a public interface. On a cluster ({@code spark-submit}) the master and the rest come from the
 * submit command and only the application name is set here.
 */
public final class SparkSessions {

    private SparkSessions() {}

    /**
     * A session for {@code master}: {@code local[N]} runs in this JVM; {@code spark://HOST:PORT},
     * {@code yarn} and the like connect to a cluster; {@code null} takes the master given by
     * {@code spark-submit}.
     *
     * @param shufflePartitions partitions of every shuffle; small data wants few (Spark's default
     *     200 makes a local job on a few MB spend its time scheduling empty tasks)
     */
    public static SparkSession start(String master, int shufflePartitions) {
        SparkSession.Builder b = SparkSession.builder().appName("attnrec");
        if (master != null) {
            b.master(master);
        }
        if (master == null || master.startsWith("local")) {
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        return b.config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
                .config("spark.sql.adaptive.enabled", "true")
                .getOrCreate();
    }
}
