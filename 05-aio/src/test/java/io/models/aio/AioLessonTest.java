package io.models.aio;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.connection.Connection;
import io.models.common.protocol.Protocol;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.Bytes;
import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 五、异步IO: the process starts an operation and goes on; it is told when the operation is done.
 * No thread waits for a client, so a small fixed group of threads serves any number of them.
 */
@Timeout(300)
class AioLessonTest {

    @Test
    void aGroupOfTwoThreadsServesAThousandClientsConnectedAtOnce() throws Exception {
        int n = 1000;
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new AioModel(AioChapter.DEFAULT_THREADS))) {
            server.start();
            try (TestClient warmUp = TestClient.connect(server.port())) { // classes and buffers in place
                byte[] hi = "hi".getBytes(StandardCharsets.US_ASCII);
                warmUp.send(hi);
                assertSameBytes(Protocol.upper(hi), warmUp.readExactly(hi.length));
            }
            eventually(() -> assertThat(server.stats().active()).isZero());
            long baselineFds = Probes.openFds();
            assertThat(Probes.liveThreads(AioModel.NAME)).as("group threads").isEqualTo(AioChapter.DEFAULT_THREADS);

            // The clients need no threads of their own either: every request fits in the socket
            // buffers, so all 1000 are sent first and the replies read afterwards. The server has a
            // read completing for every one of them at the same time.
            List<TestClient> clients = new ArrayList<>();
            List<byte[]> payloads = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    clients.add(TestClient.connect(server.port())); // all connected before any sends
                }
                eventually(() -> assertThat(server.stats().active()).isEqualTo(n));
                for (int i = 0; i < n; i++) {
                    byte[] payload = Bytes.random(1 + i * 37 % 8192, i); // each its own bytes, 1..8 KiB
                    payloads.add(payload);
                    clients.get(i).send(payload);
                }
                for (int i = 0; i < n; i++) {
                    byte[] payload = payloads.get(i);
                    assertSameBytes(Protocol.upper(payload), clients.get(i).readExactly(payload.length));
                }
                // Every one of them is still connected, and the same two threads served them all.
                assertThat(server.stats().active()).as("connections at the peak").isEqualTo(n);
                assertThat(Probes.liveThreads(AioModel.NAME)).as("group threads with %d connected", n)
                        .isEqualTo(AioChapter.DEFAULT_THREADS);
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            long sent = payloads.stream().mapToLong(p -> p.length).sum() + 2;
            eventually(() -> {
                assertThat(server.stats().active()).isZero();
                assertThat(server.stats().accepted()).isEqualTo(n + 1);
                assertThat(server.stats().resets()).isZero();
                assertThat(server.stats().bytesOut()).isEqualTo(sent);
                assertThat(server.stats().bytesPending()).isZero();
                assertThat(Probes.openFds()).as("open file descriptors").isLessThanOrEqualTo(baselineFds);
            });
            assertThat(Probes.liveThreads(AioModel.NAME)).isEqualTo(AioChapter.DEFAULT_THREADS);
        }
        assertThat(Probes.liveThreads(AioModel.NAME)).as("threads after close()").isZero();
    }

    @Test
    void aClientThatDoesNotReadHoldsOneBufferAndNoThread() throws Exception {
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new AioModel(1))) { // a single thread for everyone
            server.start();
            byte[] payload = Bytes.random(32 * 1024 * 1024, 5);
            try (TestClient slow = TestClient.connect(server.port())) {
                CompletableFuture<Void> sending = slow.sendInChunks(payload, new Random(5), 64 * 1024);
                // Its write is pending, waiting for the client to make room, and nothing else is.
                long maxPending = Probes.untilTheServerStopsReading(server);
                assertThat(server.stats().bytesIn()).as("stalled before the end").isLessThan(payload.length);
                assertThat(maxPending).as("bytes held for the client that does not read")
                        .isLessThanOrEqualTo(Connection.READ_BYTES);

                // The one group thread is not stuck in that write: it serves another client meanwhile.
                try (TestClient other = TestClient.connect(server.port())) {
                    byte[] small = Bytes.random(64 * 1024, 7);
                    assertSameBytes(Protocol.upper(small), other.roundTrip(small));
                }
                assertThat(Probes.liveThreads(AioModel.NAME)).as("group threads").isEqualTo(1);

                byte[] reply = slow.readExactly(payload.length); // it reads now: every byte, in order
                sending.join();
                assertSameBytes(Protocol.upper(payload), reply);
            }
            eventually(() -> {
                assertThat(server.stats().active()).isZero();
                assertThat(server.stats().bytesPending()).isZero();
            });
        }
    }
}
