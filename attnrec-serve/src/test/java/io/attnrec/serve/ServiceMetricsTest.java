package io.attnrec.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    @Test
    void requestsOfOneRouteAndStatusShareOneSeries() {
        ServiceMetrics metrics = new ServiceMetrics(() -> "m", () -> 0, () -> 0);
        try {
            metrics.request("GET", "/v1/x", 200, 1_000_000);
            metrics.request("GET", "/v1/x", 200, 2_000_000);
            metrics.request("GET", "/v1/x", 200, 3_000_000);
            metrics.request("GET", "/v1/x", 404, 500_000);
            metrics.request("POST", "/v1/x", 200, 4_000_000);

            String text = metrics.scrape();
            String ok = "{method=\"GET\",route=\"/v1/x\",status=\"200\"}";
            assertThat(text)
                    .contains("attnrec_http_requests_seconds_count" + ok + " 3")
                    .contains("attnrec_http_requests_seconds_sum" + ok + " 0.006")
                    .contains("attnrec_http_requests_seconds_count{method=\"GET\",route=\"/v1/x\",status=\"404\"} 1")
                    .contains("attnrec_http_requests_seconds_count{method=\"POST\",route=\"/v1/x\",status=\"200\"} 1");
        } finally {
            metrics.close();
        }
    }
}
