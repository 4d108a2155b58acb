package io.models.netty;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.linux.Proc;
import io.models.common.protocol.Protocol;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.Bytes;
import io.models.common.testkit.ChildServer;
import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What this chapter claims: socketserver's split (we write the handler, the framework drives the
 * connections) with a fixed group of threads, and three transports that really are what they say:
 * io_uring works through rings and no epoll at all, epoll and nio through epoll and no ring.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NettyLessonTest {

    private static final String IO_URING = "anon_inode:[io_uring]";
    private static final String EPOLL = "anon_inode:[eventpoll]";
    private static final NettyChapter CHAPTER = new NettyChapter();
    /** The chapter's JVM flags, and Netty's own switch that turns its native transports off. */
    private static final List<String> NO_NATIVE = List.of("--enable-native-access=ALL-UNNAMED",
            "-Dio.netty.transport.noNative=true");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertServes(TestClient client, String text) throws IOException {
        assertSameBytes(Protocol.upper(ascii(text)), client.roundTrip(ascii(text)));
    }

    private static void assumeAvailable(Transport t) {
        assumeTrue(t.isAvailable(), () -> t + " cannot start here: " + NettyChapter.oneLine(t.unavailabilityCause()));
    }

    /** The server of this chapter on {@code transport} with {@code threads} event loops, not started. */
    private static EchoServer server(ServerConfig config, Transport transport, int threads) {
        return new BaseServer(config, new NettyModel(transport, threads));
    }

    /** How many of a process's descriptors point at {@code target} (an anon inode such as an epoll instance). */
    private static long descriptors(Proc process, String target) throws IOException {
        return process.fdTargets().stream().filter(target::equals).count();
    }

    // ThreadingTCPServer would start a thread per connection; an EventLoopGroup has a fixed number.

    @ParameterizedTest
    @EnumSource(Transport.class)
    void fiveHundredConnectionsAreServedByTheThreadsAskedForNotAThreadEach(Transport transport) throws Exception {
        assumeAvailable(transport);
        int n = 500;
        List<TestClient> clients = new ArrayList<>(n);
        try (EchoServer server = server(ServerConfig.anyPort(), transport, 2)) {
            server.start();
            try {
                for (int i = 0; i < n; i++) {
                    TestClient c = TestClient.connect(server.port());
                    clients.add(c);
                    assertServes(c, "client " + i); // served, and still connected
                }
                assertThat(server.stats().active()).as("connections open").isEqualTo(n);
                assertThat(Probes.liveThreads(NettyModel.NAME + "-worker-")).as("worker threads, --threads 2").isEqualTo(2);
                assertThat(Probes.liveThreads(NettyModel.NAME)).as("all the server's threads: the boss and 2 workers")
                        .isEqualTo(3);
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            eventually(() -> assertThat(server.stats().active()).isZero());
        }
        assertThat(Probes.liveThreads(NettyModel.NAME)).as("threads after close()").isZero();
    }

    // io_uring: the process holds rings, one per event loop, and no epoll instance; epoll and nio the reverse.

    @ParameterizedTest
    @EnumSource(Transport.class)
    void eachTransportWaitsWithWhatItSays(Transport transport) throws Exception {
        assumeAvailable(transport);
        int threads = 3;
        int loops = threads + 1; // and the boss
        try (ChildServer child = ChildServer.of(CHAPTER)
                .args("--transport", transport.toString(), "--threads", String.valueOf(threads)).start()) {
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    TestClient c = TestClient.connect(child.port());
                    clients.add(c);
                    assertServes(c, "which way do you wait " + i);
                }
                Proc server = Proc.of(child.pid());
                // A JVM opens no epoll instance of its own until something asks for one (a Selector,
                // a virtual thread blocking on a socket), and no ring ever: all of them here are the server's.
                long rings = descriptors(server, IO_URING);
                long epolls = descriptors(server, EPOLL);
                if (transport == Transport.IO_URING) {
                    assertThat(rings).as("io_uring instances: one per event loop").isEqualTo(loops);
                    assertThat(epolls).as("epoll instances with 50 connections served").isZero();
                } else { // nio: the JDK's Selector is epoll on Linux; epoll: Netty's own
                    assertThat(epolls).as("epoll instances: one per event loop").isEqualTo(loops);
                    assertThat(rings).as("io_uring instances").isZero();
                }
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            assertThat(child.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    // In this JVM: the rings come with start() and go with close(); the sockets add no epoll instance.

    @Test
    void ioUringRingsComeWithStartAndGoWithCloseAndTheConnectionsAddNoEpoll() throws Exception {
        assumeAvailable(Transport.IO_URING);
        Proc self = Proc.self();
        long ringsBefore = descriptors(self, IO_URING);
        long epollsBefore = descriptors(self, EPOLL); // the JDK's own, if any test before started them
        try (EchoServer server = server(ServerConfig.anyPort(), Transport.IO_URING, 2)) {
            server.start();
            assertThat(descriptors(self, IO_URING) - ringsBefore).as("rings after start(): boss and 2 workers").isEqualTo(3);
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    TestClient c = TestClient.connect(server.port()); // blocking sockets on this platform thread: poll(2)
                    clients.add(c);
                    assertServes(c, "ring " + i);
                }
                assertThat(descriptors(self, EPOLL)).as("epoll instances with 100 connections served")
                        .isEqualTo(epollsBefore);
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
        }
        assertThat(descriptors(self, IO_URING)).as("rings after close()").isEqualTo(ringsBefore);
    }

    // The idle rule: a connection whose replies wait for the client is not idle; once they have gone,
    // the clock starts again from there.

    @ParameterizedTest
    @EnumSource(Transport.class)
    void repliesWaitingForTheClientAreNotIdlenessAndTheClockStartsWhenTheyHaveGone(Transport transport) throws Exception {
        assumeAvailable(transport);
        Duration timeout = Duration.ofSeconds(1);
        try (EchoServer server = server(ServerConfig.anyPort().withIdleTimeout(timeout), transport, 1)) {
            server.start();
            byte[] payload = Bytes.random(16 * 1024 * 1024, 9);
            try (TestClient slow = TestClient.connect(server.port())) {
                CompletableFuture<Void> sending = slow.sendInChunks(payload, new Random(9), 64 * 1024);
                Probes.untilTheServerStopsReading(server); // every buffer full, replies pending
                Probes.measureOver(timeout.multipliedBy(3)); // three timeouts with nothing read and nothing written
                assertThat(server.stats().timeouts()).as("timeouts while replies were pending").isZero();
                assertThat(server.stats().active()).isOne();
                assertSameBytes(Protocol.upper(payload), slow.readExactly(payload.length)); // now it reads all
                sending.join();
                long drainedAt = System.nanoTime();
                assertThat(slow.readsEndOfStream()).as("closed once silent for the timeout").isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - drainedAt)).as("closed after the last reply went")
                        .isGreaterThanOrEqualTo(timeout.multipliedBy(8).dividedBy(10));
            }
            eventually(() -> {
                assertThat(server.stats().timeouts()).isOne();
                assertThat(server.stats().active()).isZero();
                assertThat(server.stats().bytesPending()).isZero();
            });
        }
    }

    // A transport that cannot start: one line saying why and what to use, exit code 1.

    @Test
    void aTransportThatCannotStartSaysWhyAndWhatToUseInOneLine() throws Exception {
        for (String transport : List.of("io_uring", "epoll")) {
            ChildServer.Run run = ChildServer.of(CHAPTER).jvm(NO_NATIVE).args("--transport", transport, "--port", "0").run();
            assertThat(run.exitCode()).as("exit code, --transport %s", transport).isEqualTo(1);
            assertThat(run.lines()).as("what it printed").hasSize(1);
            assertThat(run.lines().get(0)).contains("the " + transport + " transport cannot start here")
                    .contains("-Dio.netty.transport.noNative=true") // Netty's own reason
                    .endsWith("use --transport nio instead")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void byDefaultTheBannerSaysWhichTransportAndWhy() throws Exception {
        List<String> preferred = banner(CHAPTER.jvmFlags());
        assertThat(preferred.get(0)).contains("transport " + NettyChapter.preferred() + " (the default");
        List<String> noNative = banner(NO_NATIVE);
        assertThat(noNative.get(0)).contains("transport nio (the default; io_uring unavailable: ")
                .contains("; epoll unavailable: ").contains("noNative");
    }

    /** The main's lines up to "listening on", in a JVM of its own; then it is stopped. */
    private static List<String> banner(List<String> jvmFlags) throws Exception {
        try (ChildServer child = ChildServer.of(CHAPTER).jvm(jvmFlags).start()) {
            List<String> lines = child.output();
            assertThat(lines).as("the main's first lines").anyMatch(line -> line.startsWith("listening on"));
            return lines;
        }
    }

    // The port in use: Netty's native transports say EADDRINUSE their own way; the user reads one line.

    @Test
    void aPortInUseIsOneLineAndExitCode1OnEveryTransport() throws Exception {
        try (EchoServer first = server(ServerConfig.anyPort(), Transport.NIO, 1)) {
            first.start();
            for (Transport t : Transport.values()) {
                if (!t.isAvailable()) {
                    continue;
                }
                ChildServer.Run run = ChildServer.of(CHAPTER)
                        .args("--transport", t.toString(), "--port", String.valueOf(first.port())).run();
                assertThat(run.exitCode()).as("exit code, %s", t).isEqualTo(1);
                assertThat(run.lines()).as("what %s printed", t).hasSize(1);
                assertThat(run.lines().get(0)).contains("cannot listen on").contains("another server on that port");
            }
        }
    }

    @Test
    void closeBeforeStartAndTwiceIsHarmless() {
        EchoServer server = server(ServerConfig.anyPort(), Transport.NIO, 1);
        server.close();
        server.close();
        assertThat(Probes.liveThreads(NettyModel.NAME)).isZero();
    }
}
