package io.models.common.testkit;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.ContractSuite.ascii;
import static io.models.common.testkit.ContractSuite.assertServes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.server.Stats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract's cases about endings: whatever ends a connection (a reset, the server's close,
 * thousands of short connections), the server is left holding nothing of it and serves the next.
 */
interface CleanupContract {

    /** The suite running these cases: its server under test and its hooks. */
    ContractSuite suite();

    // 3. A client that resets (SO_LINGER 0) is cleaned up, and everyone else is still served.

    @Test
    default void resetWhileIdleIsCleanedUp() throws IOException {
        TestClient client = TestClient.connect(suite().server.port());
        assertSameBytes("HI".getBytes(StandardCharsets.US_ASCII), client.roundTrip("hi".getBytes(StandardCharsets.US_ASCII)));
        client.reset();
        assertCleanedUpAfterReset();
    }

    @Test
    default void resetInTheMiddleOfALargeTransferIsCleanedUp() throws IOException {
        EchoServer server = suite().server;
        TestClient client = TestClient.connect(server.port());
        byte[] payload = Bytes.random(16 * 1024 * 1024, 3);
        client.sendInChunks(payload, new Random(3), 64 * 1024); // and never read the reply
        eventually(() -> assertThat(server.stats().bytesIn()).isGreaterThan(256 * 1024));
        client.reset();
        assertCleanedUpAfterReset();
    }

    private void assertCleanedUpAfterReset() throws IOException {
        EchoServer server = suite().server;
        eventually(() -> {
            assertThat(server.stats().active()).as("active connections").isZero();
            assertThat(server.stats().resets()).as("resets counted").isEqualTo(1);
            assertThat(server.stats().bytesPending()).as("bytes pending").isZero();
            suite().assertBackToBaseline();
        });
        assertThat(suite().logs.errors()).as("ERROR lines after a reset").isEmpty();
        try (TestClient next = TestClient.connect(server.port())) {
            assertSameBytes("STILL SERVING".getBytes(StandardCharsets.US_ASCII),
                    next.roundTrip("still serving".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    // 5. close() with clients connected ends everything, and the port binds again at once.

    @Test
    default void closeWithLiveIdleAndSlowReadingClientsEndsEveryThreadAndConnection() throws Exception {
        EchoServer server = suite().server;
        int port = server.port();
        List<TestClient> clients = new ArrayList<>();
        CompletableFuture<Void> live = CompletableFuture.completedFuture(null);
        try {
            // A slow reader first (for a one-at-a-time server, the one being served): it has sent
            // more than the buffers hold and reads nothing, so the server is stuck writing to it.
            TestClient slow = TestClient.connect(port);
            clients.add(slow);
            slow.sendInChunks(Bytes.random(16 * 1024 * 1024, 5), new Random(5), 64 * 1024);
            Probes.untilTheServerStopsReading(server);
            TestClient idle = TestClient.connect(port);
            clients.add(idle);
            if (suite().servesManyAtOnce()) {
                assertServes(idle, "idle from now on");
                TestClient busy = TestClient.connect(port);
                clients.add(busy);
                assertServes(busy, "busy");
                live = CompletableFuture.runAsync(() -> { // round trips until the server goes
                    try {
                        for (int i = 0; i < 1_000_000; i++) {
                            busy.roundTrip(ascii("round trip " + i));
                        }
                    } catch (IOException expected) {
                        // the server closed: what this client is for
                    }
                }, task -> Thread.ofVirtual().start(task));
            }

            CompletableFuture.runAsync(server::close, task -> Thread.ofPlatform().start(task))
                    .get(Probes.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(Probes.liveThreads(server.name())).as("server threads after close()").isZero();
            assertThat(server.stats().active()).as("active connections after close()").isZero();
            for (TestClient c : clients) {
                assertThat(c.drainsToEnd()).as("client sees EOF or a reset").isTrue();
            }
            live.get(Probes.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
        try (EchoServer again = suite().newServer(ServerConfig.anyPort().withPort(port))) {
            again.start(); // the same port, at once
            assertThat(again.port()).isEqualTo(port);
            try (TestClient client = TestClient.connect(port)) {
                assertServes(client, "again");
            }
        }
    }

    // 10. Churn: many short connections of every kind leave nothing behind.

    @Test
    default void connectCloseChurnOfEveryKindLeavesNothingBehind() throws Exception {
        EchoServer server = suite().server;
        int cycles = suite().churnCycles();
        int lanes = 4;
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int lane = 0; lane < lanes; lane++) {
                int first = lane;
                done.add(each.submit(() -> {
                    for (int i = first; i < cycles; i += lanes) {
                        churnOnce(server.port(), i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        }
        eventually(Duration.ofMinutes(1), () -> {
            Stats s = server.stats();
            assertThat(s.active()).as("active connections").isZero();
            assertThat(s.accepted()).as("accepted").isEqualTo(cycles + 1L); // + the warm-up
            assertThat(s.bytesPending()).as("bytes pending").isZero();
            suite().assertBackToBaseline();
        });
        try (TestClient after = TestClient.connect(server.port())) {
            assertServes(after, "after the churn");
        }
    }

    private static void churnOnce(int port, int i) throws IOException {
        TestClient c = TestClient.connect(port);
        switch (i % 4) {
            case 0 -> { // graceful: a round trip, then close
                assertServes(c, "churn " + i);
                c.close();
            }
            case 1 -> { // a round trip, then a reset
                assertServes(c, "churn " + i);
                c.reset();
            }
            case 2 -> { // closes its side before sending anything, waits for the server's end
                c.shutdownOutput();
                assertThat(c.readsEndOfStream()).isTrue();
                c.close();
            }
            default -> c.close(); // closes right after connecting
        }
    }

    // 11. A reset while the server is blocked writing to that very client.

    @Test
    default void aResetWhileTheServerIsStuckWritingToThatClientFreesEverything() throws IOException {
        TestClient client = TestClient.connect(suite().server.port());
        client.sendInChunks(Bytes.random(16 * 1024 * 1024, 11), new Random(11), 64 * 1024); // never reads
        Probes.untilTheServerStopsReading(suite().server); // its replies fill every buffer: the server cannot write more
        client.reset();
        assertCleanedUpAfterReset();
    }
}
