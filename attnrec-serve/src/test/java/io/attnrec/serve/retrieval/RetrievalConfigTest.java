package io.attnrec.serve.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetrievalConfigTest {

    @Test
    void oneScoringThreadPerFourCoresAtLeastOne() {
        assertThat(RetrievalConfig.defaultBatchThreads(1)).isEqualTo(1);
        assertThat(RetrievalConfig.defaultBatchThreads(2)).isEqualTo(1);
        assertThat(RetrievalConfig.defaultBatchThreads(8)).isEqualTo(2);
        assertThat(RetrievalConfig.defaultBatchThreads(64)).isEqualTo(16);
        assertThat(RetrievalConfig.defaults().maxBatch()).isEqualTo(64);
    }
}
