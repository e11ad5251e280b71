package io.attnrec.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

    @Test
    void localSessionRunsAJobOnTwoThreadsAndStops() {
        SparkSession spark = SparkSessions.start("local[2]", 2);
        try {
            assertThat(spark.sparkContext().defaultParallelism()).isEqualTo(2);
            assertThat(spark.conf().get("spark.ui.enabled")).isEqualTo("false");
            long evens = spark.createDataset(List.of(1, 2, 3, 4, 5, 6), Encoders.INT())
                    .repartition(2)
                    .filter((org.apache.spark.api.java.function.FilterFunction<Integer>) x -> x % 2 == 0)
                    .count();
            assertThat(evens).isEqualTo(3);
        } finally {
            spark.stop();
        }
        assertThat(spark.sparkContext().isStopped()).isTrue();
    }
}
