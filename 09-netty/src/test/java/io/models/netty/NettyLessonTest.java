package io.models.netty;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.protocol.Protocol;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.Bytes;
import io.models.common.testkit.ChildServer;
import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final List<String> NATIVE_ACCESS = List.of("--enable-native-access=ALL-UNNAMED");
    private static final List<String> NO_NATIVE = List.of("--enable-native-access=ALL-UNNAMED",
            "-Dio.netty.transport.noNative=true");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertServes(TestClient client, String text) throws IOException {
        assertSameBytes(Protocol.upper(ascii(text)), client.roundTrip(ascii(text)));
    }

    private static void assumeAvailable(Transport t) {
        assumeTrue(t.isAvailable(), () -> t + " cannot start here: " + t.unavailabilityCause());
    }

    /** How many of a process's descriptors point at {@code target} (an anon inode such as an epoll instance). */
    private static long descriptors(String pid, String target) throws IOException {
        long n = 0;
        try (var fds = Files.list(Path.of("/proc", pid, "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(target)) {
                        n++;
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed between the listing and the read: not one of these
                }
            }
        }
        return n;
    }

    // ThreadingTCPServer would start a thread per connection; an EventLoopGroup has a fixed number.

    @ParameterizedTest
    @EnumSource(Transport.class)
    void fiveHundredConnectionsAreServedByTheThreadsAskedForNotAThreadEach(Transport transport) throws Exception {
        assumeAvailable(transport);
        int n = 500;
        List<TestClient> clients = new ArrayList<>(n);
        try (NettyServer server = new NettyServer(ServerConfig.anyPort(), transport, 2)) {
            server.start();
            try {
                for (int i = 0; i < n; i++) {
                    TestClient c = TestClient.connect(server.port());
                    clients.add(c);
                    assertServes(c, "client " + i); // served, and still connected
                }
                assertThat(server.stats().active()).as("connections open").isEqualTo(n);
                assertThat(Probes.liveThreads(NettyServer.NAME + "-worker-")).as("worker threads, --threads 2").isEqualTo(2);
                assertThat(Probes.liveThreads(NettyServer.NAME)).as("all the server's threads: the boss and 2 workers")
                        .isEqualTo(3);
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            eventually(() -> assertThat(server.stats().active()).isZero());
        }
        assertThat(Probes.liveThreads(NettyServer.NAME)).as("threads after close()").isZero();
    }

    // io_uring: the process holds rings, one per event loop, and no epoll instance; epoll and nio the reverse.

    @ParameterizedTest
    @EnumSource(Transport.class)
    void eachTransportWaitsWithWhatItSays(Transport transport) throws Exception {
        assumeAvailable(transport);
        int threads = 3;
        int loops = threads + 1; // and the boss
        try (ChildServer child = ChildServer.of(Main.class).jvm(NATIVE_ACCESS).args(List.of("--transport", transport.flag(), "--threads", String.valueOf(threads))).start()) {
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    TestClient c = TestClient.connect(child.port());
                    clients.add(c);
                    assertServes(c, "which way do you wait " + i);
                }
                String pid = String.valueOf(child.pid());
                // A JVM opens no epoll instance of its own until something asks for one (a Selector,
                // a virtual thread blocking on a socket), and no ring ever: all of them here are the server's.
                long rings = descriptors(pid, IO_URING);
                long epolls = descriptors(pid, EPOLL);
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
        String self = String.valueOf(ProcessHandle.current().pid());
        long ringsBefore = descriptors(self, IO_URING);
        long epollsBefore = descriptors(self, EPOLL); // the JDK's own, if any test before started them
        try (NettyServer server = new NettyServer(ServerConfig.anyPort(), Transport.IO_URING, 2)) {
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
        try (NettyServer server = new NettyServer(ServerConfig.anyPort().withIdleTimeout(timeout), transport, 1)) {
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
            ChildServer.Run run = ChildServer.of(Main.class).jvm(NO_NATIVE).args(List.of("--transport", transport, "--port", "0")).run();
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
        List<String> preferred = banner(NATIVE_ACCESS);
        assertThat(preferred.get(0)).contains("transport " + Transport.preferred() + " (the default");
        List<String> noNative = banner(NO_NATIVE);
        assertThat(noNative.get(0)).contains("transport nio (the default; io_uring unavailable: ")
                .contains("; epoll unavailable: ").contains("noNative");
    }

    /** The main's lines up to "listening on", in a JVM of its own; then it is stopped. */
    private static List<String> banner(List<String> jvmArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--port", "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var out = p.inputReader(StandardCharsets.UTF_8)) {
            CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> {
                List<String> read = new ArrayList<>();
                for (String line : (Iterable<String>) out.lines()::iterator) {
                    read.add(line);
                    if (line.startsWith("listening on")) {
                        break;
                    }
                }
                return read;
            });
            List<String> read = lines.get(Probes.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(read).as("the main's first lines").last().asString().startsWith("listening on");
            return read;
        } finally {
            p.destroy();
            p.waitFor(Probes.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    // The port in use: Netty's native transports say EADDRINUSE their own way; the user reads one line.

    @Test
    void aPortInUseIsOneLineAndExitCode1OnEveryTransport() throws Exception {
        try (NettyServer first = new NettyServer(ServerConfig.anyPort(), Transport.NIO, 1)) {
            first.start();
            for (Transport t : Transport.values()) {
                if (!t.isAvailable()) {
                    continue;
                }
                ChildServer.Run run = ChildServer.of(Main.class).jvm(NATIVE_ACCESS).args(List.of("--transport", t.flag(), "--port", String.valueOf(first.port()))).run();
                assertThat(run.exitCode()).as("exit code, %s", t).isEqualTo(1);
                assertThat(run.lines()).as("what %s printed", t).hasSize(1);
                assertThat(run.lines().get(0)).contains("cannot listen on").contains("another server on that port");
            }
        }
    }

    @Test
    void closeBeforeStartAndTwiceIsHarmless() {
        NettyServer server = new NettyServer(ServerConfig.anyPort(), Transport.NIO, 1);
        server.close();
        server.close();
        assertThat(Probes.liveThreads(NettyServer.NAME)).isZero();
    }
}
