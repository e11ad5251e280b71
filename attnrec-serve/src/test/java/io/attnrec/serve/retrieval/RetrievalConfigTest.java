package io.attnrec.serve.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetrievalConfigTest {

    @Test
    void oneScoringThreadPerCore() {
        // session 11: the batches carry only expensive scans (cheap ones are ranked inline)
        assertThat(RetrievalConfig.defaultBatchThreads(0)).isEqualTo(1);
        assertThat(RetrievalConfig.defaultBatchThreads(1)).isEqualTo(1);
        assertThat(RetrievalConfig.defaultBatchThreads(2)).isEqualTo(2);
        assertThat(RetrievalConfig.defaultBatchThreads(64)).isEqualTo(64);
        assertThat(RetrievalConfig.defaults().maxBatch()).isEqualTo(64);
    }
}
