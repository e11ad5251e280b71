package io.attnrec.serve.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL URL whose server accepts TCP connections but never answers (a hung database or a
 * black-holed network): opening the store fails within the connect timeout instead of hanging.
 * Needs no PostgreSQL server.
 */
class StoreTimeoutTest {

    @Test
    void aDatabaseThatNeverAnswersFailsWithinTheConnectTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never write a byte
                    }
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            StoreSettings settings = new StoreSettings(2, Duration.ofMillis(1000), Duration.ofSeconds(1));
            String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/attnrec?user=nobody";

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> new JdbcEventStore(url, settings))
                    .isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("cannot open event store");
            long ms = (System.nanoTime() - t0) / 1_000_000;

            assertThat(ms).as("gave up after %d ms", ms).isLessThan(5_000);
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
