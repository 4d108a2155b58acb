package io.models.common.testkit;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.protocol.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The exchanges any server of the protocol on 127.0.0.1:port must get right, seen from its clients
 * only: the contract suite runs them against a server in this JVM, the container tests against a
 * chapter's jar in a container.
 */
public final class Exchanges {

    /** The awkward payload sizes: nothing, one byte, around a 64 KiB buffer, and 4 MiB. */
    public static final int[] AWKWARD_SIZES = {0, 1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 4 * 1024 * 1024};

    private Exchanges() {
    }

    /** {@code size} random bytes, sent in random chunks of 1 B to 64 KiB, come back upper-cased; then EOF after a half-close. */
    public static void payloadInRandomChunks(int port, int size) throws IOException {
        byte[] payload = Bytes.random(size, size);
        try (TestClient client = TestClient.connect(port)) {
            CompletableFuture<Void> sending = client.sendInChunks(payload, new Random(~size), 64 * 1024);
            byte[] reply = client.readExactly(size);
            sending.join();
            assertSameBytes(Protocol.upper(payload), reply);
            client.shutdownOutput();
            assertThat(client.readsEndOfStream()).as("EOF after the reply to %d bytes", size).isTrue();
        }
    }

    /** UTF-8 text with every awkward byte, in one write and one byte per write: the same reply. */
    public static void oneBytePerWriteGivesTheSameAsOneWrite(int port) throws IOException {
        byte[] payload = "Hello, 世界! select/poll/epoll: 阻塞IO and non-blocking IO. abc-xyz {}~\u0000\u00ff"
                .repeat(20).getBytes(StandardCharsets.UTF_8);
        try (TestClient oneWrite = TestClient.connect(port)) {
            oneWrite.send(payload);
            assertSameBytes(Protocol.upper(payload), oneWrite.readExactly(payload.length));
        }
        try (TestClient byteByByte = TestClient.connect(port)) {
            CompletableFuture<Void> sending = byteByByte.sendByteByByte(payload);
            byte[] reply = byteByByte.readExactly(payload.length);
            sending.join();
            assertSameBytes(Protocol.upper(payload), reply);
        }
    }

    /**
     * {@code n} clients, all connected before any sends, then each sends its own 16 KiB + i bytes at
     * once and gets exactly its own reply; each leaves when served (a one-at-a-time server then
     * moves on to the next).
     */
    public static void concurrentClientsEachGetTheirOwnBytes(int port, int n) throws Exception {
        List<TestClient> clients = new ArrayList<>();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                clients.add(TestClient.connect(port));
            }
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                TestClient client = clients.get(i);
                byte[] payload = Bytes.random(16 * 1024 + i, i);
                results.add(each.submit(() -> {
                    assertSameBytes(Protocol.upper(payload), client.roundTrip(payload));
                    client.close();
                    return null;
                }));
            }
            for (Future<?> r : results) {
                r.get(2, TimeUnit.MINUTES);
            }
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
    }
}
