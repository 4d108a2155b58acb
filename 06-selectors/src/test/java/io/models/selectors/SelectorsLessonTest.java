package io.models.selectors;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.protocol.Protocol;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.EventLoop;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.Bytes;
import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * 七、selectors模块 and 八、总结: the default selector is the platform's best (epoll on Linux, not
 * select/poll), and with it one thread serves thousands of connections and sleeps while they are idle.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SelectorsLessonTest {

    private final SelectorsModel model = new SelectorsModel();
    private EchoServer server;
    private long baselineFds;

    @BeforeEach
    void start() throws Exception {
        server = new BaseServer(ServerConfig.anyPort(), model);
        server.start();
        warmUpVirtualThreadSockets();
        eventually(() -> assertThat(server.stats().active()).isZero());
        baselineFds = Probes.openFds();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // 七: "selectors模块, 帮我们默认选择当前平台下最合适的" — DefaultSelector picks the best one.

    @Test
    void theSelectorIsThePlatformDefault() {
        assertThat(model.selector().provider()).isSameAs(SelectorProvider.provider());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxTheDefaultIsEpoll() {
        assertThat(model.selector().getClass().getName()).contains("EPoll"); // sun.nio.ch.EPollSelectorImpl
    }

    // 八: "eppol比pool,select效率高" — one thread serves thousands of connections at once.

    @Test
    void oneThreadServes5000ClientsConnectedAtOnce() throws Exception {
        int n = 5000;
        List<TestClient> clients = new ArrayList<>(n);
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                clients.add(TestClient.connect(server.port())); // the kernel completes the handshakes
            }
            eventually(() -> assertThat(server.stats().active()).as("connections accepted and open").isEqualTo(n));
            assertThat(Probes.liveThreads(server.name())).as("server threads with %d clients connected", n).isOne();

            List<Future<?>> results = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                TestClient client = clients.get(i);
                byte[] payload = Bytes.random(1 + i % 4096, i);
                results.add(each.submit(() -> {
                    client.send(payload); // small enough for the socket's send buffer: does not block
                    assertSameBytes(Protocol.upper(payload), client.readExactly(payload.length));
                    return null;
                }));
            }
            for (Future<?> r : results) {
                r.get(2, TimeUnit.MINUTES);
            }
            // Every one was served, and every one is still connected, on that one thread.
            assertThat(server.stats().active()).as("active at the peak").isEqualTo(n);
            assertThat(Probes.liveThreads(server.name())).as("server threads at the peak").isOne();
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
        eventually(() -> {
            assertThat(server.stats().active()).as("active after they left").isZero();
            assertThat(server.stats().bytesPending()).isZero();
            assertThat(Probes.openFds()).as("open file descriptors").isLessThanOrEqualTo(baselineFds);
        });
    }

    // 八: an idle selector server sleeps in the kernel: no polling loop, no wake-ups for nothing.

    @Test
    void a1000IdleClientsCostTheServerThreadNoCpu() throws Exception {
        int n = 1000;
        List<TestClient> clients = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                TestClient c = TestClient.connect(server.port());
                clients.add(c);
                byte[] hello = ("idle " + i).getBytes(StandardCharsets.US_ASCII);
                c.send(hello);
                assertSameBytes(Protocol.upper(hello), c.readExactly(hello.length)); // registered and served
            }
            assertThat(server.stats().active()).isEqualTo(n);

            long cpuBefore = Probes.cpuNanos(server.name());
            long wakeupsBefore = EventLoop.of(server).wakeups();
            long startNanos = System.nanoTime();
            Probes.measureOver(Duration.ofSeconds(2));
            long wall = System.nanoTime() - startNanos;
            long cpu = Probes.cpuNanos(server.name()) - cpuBefore;

            assertThat(cpu).as("server CPU ns over %d ns with %d idle clients", wall, n).isLessThan(wall / 20);
            assertThat(EventLoop.of(server).wakeups() - wakeupsBefore).as("select() wake-ups while idle").isLessThanOrEqualTo(2);
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
        eventually(() -> assertThat(server.stats().active()).isZero());
    }

    // --idle-timeout: the loop wakes to sweep for idle connections at most every timeout/4, not per message.

    @Test
    void withAnIdleTimeoutTheLoopWakesOnlyToSweep() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        try (EchoServer timed = new BaseServer(ServerConfig.anyPort().withIdleTimeout(timeout), new SelectorsModel());
             TestClient client = connectAndServe(timed)) {
            long wakeupsBefore = EventLoop.of(timed).wakeups();
            long startNanos = System.nanoTime();
            Probes.measureOver(Duration.ofSeconds(2)); // the client is silent: only the sweeps wake the loop
            long wall = System.nanoTime() - startNanos;
            long sweeps = wall / (timeout.toNanos() / 4);
            assertThat(EventLoop.of(timed).wakeups() - wakeupsBefore).as("select() wake-ups over %d ns", wall)
                    .isLessThanOrEqualTo(sweeps + 2);
            assertThat(client.readsEndOfStream()).as("one of them closed the silent client").isTrue();
            eventually(() -> assertThat(timed.stats().timeouts()).isOne());
        }
    }

    private static TestClient connectAndServe(EchoServer s) throws Exception {
        s.start();
        TestClient c = TestClient.connect(s.port());
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        assertSameBytes(Protocol.upper(hello), c.roundTrip(hello));
        return c;
    }

    /**
     * A virtual thread that blocks on a socket read starts the JDK's poller (its own epoll
     * descriptors) the first time: make that happen before the descriptor baseline is read.
     */
    private void warmUpVirtualThreadSockets() throws Exception {
        try (TestClient client = TestClient.connect(server.port())) {
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            Thread reader = Thread.ofVirtual().name("warm-up-reader").start(() -> {
                try {
                    reply.complete(client.readExactly(4));
                } catch (Throwable e) {
                    reply.completeExceptionally(e);
                }
            });
            eventually(() -> assertThat(reader.getState()) // parked in the poller (timed: the socket has SO_TIMEOUT)
                    .isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING));
            client.send("warm".getBytes(StandardCharsets.US_ASCII));
            assertSameBytes("WARM".getBytes(StandardCharsets.US_ASCII), reply.get(30, TimeUnit.SECONDS));
        }
    }
}
