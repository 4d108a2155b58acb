package io.models.common.testkit;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.EchoServer;
import io.models.common.EventLoop;
import io.models.common.Protocol;
import io.models.common.ServerConfig;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every chapter's server keeps, run once per chapter by a subclass that says how to
 * make its server (as Netty's testsuite runs one test body over every transport). Real sockets on
 * 127.0.0.1, every wait bounded, cleanup measured.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
public abstract class ContractSuite {

    protected EchoServer server;
    protected LogCapture logs;
    private long baselineFds;
    private int baselineThreads;

    /** A new, unstarted server of the chapter under test. */
    protected abstract EchoServer newServer(ServerConfig config);

    /** How many clients the concurrency test runs at once. */
    protected int concurrentClients() {
        return 100;
    }

    /**
     * How many of the server's threads may stay alive while no client is connected. Most models
     * return to their baseline; a fixed pool keeps the threads it has started.
     */
    protected int idleThreadCeiling(int baseline) {
        return baseline;
    }

    /**
     * False for a model that serves one client at a time (01): while one client is stalled, the
     * others wait, so the slow-reader test checks only what that client gets.
     */
    protected boolean servesOthersWhileOneIsStalled() {
        return true;
    }

    /** False for a model that polls by design (03 without --idle-sleep-ms): it burns CPU while idle. */
    protected boolean sleepsWhileIdle() {
        return true;
    }

    @BeforeEach
    void startServer() throws IOException {
        logs = LogCapture.start();
        server = newServer(ServerConfig.anyPort());
        server.start();
        // One exchange first, so classes, buffers and the JDK's own IO threads are in place
        // before the baselines are read.
        try (TestClient warmUp = TestClient.connect(server.port())) {
            assertSameBytes("WARM".getBytes(StandardCharsets.US_ASCII),
                    warmUp.roundTrip("warm".getBytes(StandardCharsets.US_ASCII)));
        }
        eventually(() -> assertThat(server.stats().active()).isZero());
        baselineFds = Probes.openFds();
        baselineThreads = Probes.liveThreads(server.name());
    }

    @AfterEach
    void stopServer() {
        try {
            server.close();
            assertThat(logs.errors()).as("ERROR lines logged by the server").isEmpty();
        } finally {
            logs.close();
        }
    }

    // 1. Payloads of every awkward size, in random chunks, come back exactly upper-cased.

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 4 * 1024 * 1024})
    void payloadInRandomChunksComesBackUpperCased(int size) throws IOException {
        byte[] payload = Bytes.random(size, size);
        try (TestClient client = TestClient.connect(server.port())) {
            CompletableFuture<Void> sending = client.sendInChunks(payload, new Random(~size), 64 * 1024);
            byte[] reply = client.readExactly(size);
            sending.join();
            assertSameBytes(Protocol.upper(payload), reply);
            client.shutdownOutput();
            assertThat(client.readsEndOfStream()).as("EOF after the reply").isTrue();
        }
    }

    @Test
    void oneBytePerWriteGivesTheSameAsOneWrite() throws IOException {
        byte[] payload = "Hello, 世界! select/poll/epoll: 阻塞IO and non-blocking IO. abc-xyz {}~\u0000\u00ff"
                .repeat(20).getBytes(StandardCharsets.UTF_8);
        try (TestClient oneWrite = TestClient.connect(server.port())) {
            oneWrite.send(payload);
            assertSameBytes(Protocol.upper(payload), oneWrite.readExactly(payload.length));
        }
        try (TestClient byteByByte = TestClient.connect(server.port())) {
            CompletableFuture<Void> sending = byteByByte.sendByteByByte(payload);
            byte[] reply = byteByByte.readExactly(payload.length);
            sending.join();
            assertSameBytes(Protocol.upper(payload), reply);
        }
    }

    // 2. Many clients at once each get exactly their own bytes.

    @Test
    void concurrentClientsEachGetTheirOwnBytes() throws Exception {
        int n = concurrentClients();
        List<TestClient> clients = new ArrayList<>();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                clients.add(TestClient.connect(server.port())); // all connected before any sends
            }
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                TestClient client = clients.get(i);
                byte[] payload = Bytes.random(16 * 1024 + i, i);
                results.add(each.submit(() -> {
                    assertSameBytes(Protocol.upper(payload), client.roundTrip(payload));
                    client.close(); // lets a one-at-a-time server move on to the next
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
        eventually(() -> {
            assertThat(server.stats().active()).isZero();
            assertThat(server.stats().accepted()).isEqualTo(n + 1); // + the warm-up
            assertThat(server.stats().bytesPending()).isZero();
        });
    }

    // 3. A client that resets (SO_LINGER 0) is cleaned up, and everyone else is still served.

    @Test
    void resetWhileIdleIsCleanedUp() throws IOException {
        TestClient client = TestClient.connect(server.port());
        assertSameBytes("HI".getBytes(StandardCharsets.US_ASCII), client.roundTrip("hi".getBytes(StandardCharsets.US_ASCII)));
        client.reset();
        assertCleanedUpAfterReset();
    }

    @Test
    void resetInTheMiddleOfALargeTransferIsCleanedUp() throws IOException {
        TestClient client = TestClient.connect(server.port());
        byte[] payload = Bytes.random(16 * 1024 * 1024, 3);
        client.sendInChunks(payload, new Random(3), 64 * 1024); // and never read the reply
        eventually(() -> assertThat(server.stats().bytesIn()).isGreaterThan(256 * 1024));
        client.reset();
        assertCleanedUpAfterReset();
    }

    private void assertCleanedUpAfterReset() throws IOException {
        eventually(() -> {
            assertThat(server.stats().active()).as("active connections").isZero();
            assertThat(server.stats().resets()).as("resets counted").isEqualTo(1);
            assertThat(server.stats().bytesPending()).as("bytes pending").isZero();
            assertThat(Probes.openFds()).as("open file descriptors").isLessThanOrEqualTo(baselineFds);
            assertThat(Probes.liveThreads(server.name())).as("server threads")
                    .isLessThanOrEqualTo(idleThreadCeiling(baselineThreads));
        });
        assertThat(logs.errors()).as("ERROR lines after a reset").isEmpty();
        try (TestClient next = TestClient.connect(server.port())) {
            assertSameBytes("STILL SERVING".getBytes(StandardCharsets.US_ASCII),
                    next.roundTrip("still serving".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    // 4. Half-close: everything still pending is sent, then EOF.

    @Test
    void halfCloseGetsTheWholeReplyThenEndOfStream() throws IOException {
        byte[] payload = Bytes.random(1024 * 1024 + 7, 4);
        try (TestClient client = TestClient.connect(server.port())) {
            CompletableFuture<Void> sending = client.sendInChunks(payload, new Random(4), 64 * 1024)
                    .thenRun(() -> {
                        try {
                            client.shutdownOutput(); // FIN right after the last byte
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
            byte[] reply = client.readToEnd(); // returns at EOF only
            sending.join();
            assertSameBytes(Protocol.upper(payload), reply);
        }
        eventually(() -> assertThat(server.stats().active()).isZero());
    }

    // 5. close() with clients connected ends everything, and the port binds again at once.

    @Test
    void closeWithConnectedClientsEndsEveryThreadAndConnection() throws IOException {
        int port = server.port();
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(TestClient.connect(port));
            }
            byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
            assertSameBytes(Protocol.upper(hello), clients.get(0).roundTrip(hello)); // one is being served
            server.close();
            assertThat(Probes.liveThreads(server.name())).as("server threads after close()").isZero();
            assertThat(server.stats().active()).as("active connections after close()").isZero();
            for (TestClient c : clients) {
                assertThat(c.readsEndOfStream()).as("client sees EOF or a reset").isTrue();
            }
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
        try (EchoServer again = newServer(ServerConfig.anyPort().withPort(port))) {
            again.start(); // the same port, at once
            assertThat(again.port()).isEqualTo(port);
            try (TestClient client = TestClient.connect(port)) {
                assertSameBytes("AGAIN".getBytes(StandardCharsets.US_ASCII),
                        client.roundTrip("again".getBytes(StandardCharsets.US_ASCII)));
            }
        }
    }

    // 6. A client that sends a lot and reads nothing: the server holds at most 1 MiB for it,
    //    serves the others meanwhile, and loses nothing once it reads.

    @Test
    void aSlowReaderMakesTheServerHoldAtMostOneMebibyteAndLosesNothing() throws Exception {
        byte[] payload = Bytes.random(64 * 1024 * 1024, 6);
        try (TestClient slow = TestClient.connect(server.port())) {
            CompletableFuture<Void> sending = slow.sendInChunks(payload, new Random(6), 64 * 1024);
            long maxPending = 0;
            long lastIn = -1;
            int unchanged = 0;
            long deadline = System.nanoTime() + Probes.DEADLINE.toNanos();
            // Sample until the server has stopped reading from it (no new bytes in for 0.5 s).
            while (unchanged < 5) {
                assertThat(System.nanoTime()).as("server still reading the slow client after %s", Probes.DEADLINE)
                        .isLessThan(deadline);
                Probes.measureOver(java.time.Duration.ofMillis(100));
                long in = server.stats().bytesIn();
                maxPending = Math.max(maxPending, server.stats().bytesPending());
                unchanged = in == lastIn ? unchanged + 1 : 0;
                lastIn = in;
            }
            assertThat(maxPending).as("bytes the server held for the slow reader").isLessThanOrEqualTo(1024 * 1024);
            assertThat(server.stats().bytesIn()).as("the slow reader was stalled before sending it all")
                    .isLessThan(payload.length);
            if (servesOthersWhileOneIsStalled()) {
                try (TestClient other = TestClient.connect(server.port())) {
                    byte[] small = Bytes.random(64 * 1024, 7);
                    assertSameBytes(Protocol.upper(small), other.roundTrip(small));
                }
            }
            byte[] reply = slow.readExactly(payload.length); // now it reads: every byte, in order
            sending.join();
            assertSameBytes(Protocol.upper(payload), reply);
        }
        eventually(() -> {
            assertThat(server.stats().active()).isZero();
            assertThat(server.stats().bytesPending()).isZero();
        });
    }

    // 7. After a reset, an idle server sleeps: no CPU burnt, no select() returning for nothing.

    @Test
    void anIdleServerDoesNotSpinAfterAReset() throws IOException {
        assumeTrue(sleepsWhileIdle(), "this model polls by design: it spins while idle");
        TestClient client = TestClient.connect(server.port());
        assertSameBytes("HI".getBytes(StandardCharsets.US_ASCII), client.roundTrip("hi".getBytes(StandardCharsets.US_ASCII)));
        client.reset();
        eventually(() -> {
            assertThat(server.stats().active()).isZero();
            assertThat(server.stats().resets()).isEqualTo(1);
        });
        long cpuBefore = Probes.cpuNanos(server.name());
        long wakeupsBefore = server instanceof EventLoop loop ? loop.wakeups() : 0;
        long start = System.nanoTime();
        Probes.measureOver(java.time.Duration.ofSeconds(2));
        long wall = System.nanoTime() - start;
        long cpu = Probes.cpuNanos(server.name()) - cpuBefore;
        assertThat(cpu).as("server CPU ns over %d ns of idle wall time", wall).isLessThan(wall / 10);
        if (server instanceof EventLoop loop) {
            assertThat(loop.wakeups() - wakeupsBefore).as("select() wake-ups while idle").isLessThanOrEqualTo(2);
        }
    }
}
