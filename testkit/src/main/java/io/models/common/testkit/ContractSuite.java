package io.models.common.testkit;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Options;
import io.models.common.chapter.Trait;
import io.models.common.protocol.Protocol;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.EventLoop;
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
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.quicktheories.generators.Generate;

/**
 * The contract every chapter's server keeps, run once per chapter by a subclass that names the
 * chapter and its flags (as Netty's testsuite runs one test body over every transport). What the
 * suite must expect of the model (one client at a time, polling while idle) it reads from the
 * chapter's descriptor. Real sockets on 127.0.0.1, every wait bounded, cleanup measured.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
public abstract class ContractSuite {

    private final Chapter chapter;
    private final List<String> args;
    private final Options options;
    protected EchoServer server;
    protected LogCapture logs;
    private long baselineFds;
    private int baselineThreads;
    private int baselineKeys;
    private final List<EchoServer> others = new ArrayList<>();

    /** The suite over {@code chapter}'s server started with {@code args}, its own flags ({@code --pool 8}). */
    protected ContractSuite(Chapter chapter, String... args) {
        this.chapter = chapter;
        this.args = List.of(args);
        this.options = chapter.options(this.args);
    }

    /** Another server of the chapter with its own config (limits, a faulty transform), closed after the test. */
    protected EchoServer startAnother(ServerConfig config) throws IOException {
        EchoServer s = newServer(config);
        others.add(s);
        s.start();
        return s;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertServes(TestClient client, String text) throws IOException {
        assertSameBytes(Protocol.upper(ascii(text)), client.roundTrip(ascii(text)));
    }

    /** A new, unstarted server of the chapter under test. */
    protected EchoServer newServer(ServerConfig config) {
        return new BaseServer(config, chapter.model(options));
    }

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
     * False for a model that serves one client at a time (01): while one client is served the
     * others wait in the backlog, so the cases about other clients being served meanwhile, the
     * connection limit and running out of descriptors do not apply.
     */
    protected boolean servesManyAtOnce() {
        return !chapter.traits(options).contains(Trait.ONE_CLIENT_AT_A_TIME);
    }

    /** How many clients the model serves at the same moment: a fixed pool's size; others are unlimited. */
    protected int servedAtOnce() {
        return Integer.MAX_VALUE;
    }

    /** The chapter's main class: the descriptor-limit case runs the server in a JVM of its own. */
    protected String mainClass() {
        return chapter.mainClass();
    }

    /** Model flags for that JVM's main, such as {@code --pool 8}. */
    protected List<String> mainArgs() {
        return args;
    }

    /** JVM flags that JVM needs, such as 04-select's {@code --add-exports}. */
    protected List<String> jvmArgs() {
        return chapter.jvmFlags();
    }

    /** False for a model that polls by design (03 without --idle-sleep-ms): it burns CPU while idle. */
    protected boolean sleepsWhileIdle() {
        return !chapter.traits(options).contains(Trait.POLLS_WHILE_IDLE);
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
        baselineKeys = EventLoop.of(server) instanceof EventLoop loop ? loop.keyCount() : 0;
    }

    @AfterEach
    void stopServer() {
        try {
            others.forEach(EchoServer::close);
            server.close();
            assertThat(logs.errors()).as("ERROR lines logged by the server").isEmpty();
        } finally {
            logs.close();
        }
    }

    // 1. Payloads of every awkward size, in random chunks, come back exactly upper-cased.

    @ParameterizedTest(name = "{0} bytes")
    @FieldSource("io.models.common.testkit.Exchanges#AWKWARD_SIZES")
    void payloadInRandomChunksComesBackUpperCased(int size) throws IOException {
        Exchanges.payloadInRandomChunks(server.port(), size);
    }

    @Test
    void oneBytePerWriteGivesTheSameAsOneWrite() throws IOException {
        Exchanges.oneBytePerWriteGivesTheSameAsOneWrite(server.port());
    }

    // 2. Many clients at once each get exactly their own bytes.

    @Test
    void concurrentClientsEachGetTheirOwnBytes() throws Exception {
        int n = concurrentClients();
        Exchanges.concurrentClientsEachGetTheirOwnBytes(server.port(), n);
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
            if (EventLoop.of(server) instanceof EventLoop loop) {
                assertThat(loop.keyCount()).as("selector keys").isEqualTo(baselineKeys);
            }
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
    void closeWithLiveIdleAndSlowReadingClientsEndsEveryThreadAndConnection() throws Exception {
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
            if (servesManyAtOnce()) {
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
        try (EchoServer again = newServer(ServerConfig.anyPort().withPort(port))) {
            again.start(); // the same port, at once
            assertThat(again.port()).isEqualTo(port);
            try (TestClient client = TestClient.connect(port)) {
                assertServes(client, "again");
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
            long maxPending = Probes.untilTheServerStopsReading(server);
            assertThat(maxPending).as("bytes the server held for the slow reader").isLessThanOrEqualTo(1024 * 1024);
            assertThat(server.stats().bytesIn()).as("the slow reader was stalled before sending it all")
                    .isLessThan(payload.length);
            if (servesManyAtOnce()) {
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
        long wakeupsBefore = EventLoop.of(server) instanceof EventLoop loop ? loop.wakeups() : 0;
        long start = System.nanoTime();
        Probes.measureOver(Duration.ofSeconds(2));
        long wall = System.nanoTime() - start;
        long cpu = Probes.cpuNanos(server.name()) - cpuBefore;
        assertThat(cpu).as("server CPU ns over %d ns of idle wall time", wall).isLessThan(wall / 10);
        if (EventLoop.of(server) instanceof EventLoop loop) {
            assertThat(loop.wakeups() - wakeupsBefore).as("select() wake-ups while idle").isLessThanOrEqualTo(2);
        }
    }

    // 8. --max-connections: one more is refused where its client can see it; the others go on.

    @Test
    void overTheConnectionLimitANewClientIsRefusedAndTheOthersAreServed() throws IOException {
        assumeTrue(servesManyAtOnce(), "serves one client at a time: at most one connection is open, "
                + "so a limit of 1 or more is never reached");
        EchoServer limited = startAnother(ServerConfig.anyPort().withMaxConnections(3));
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                TestClient c = TestClient.connect(limited.port());
                clients.add(c);
                assertServes(c, "within the limit " + i);
            }
            try (TestClient fourth = TestClient.connect(limited.port())) {
                assertThat(fourth.readsEndOfStream()).as("the fourth client is closed at once").isTrue();
            }
            eventually(() -> assertThat(limited.stats().refused()).isEqualTo(1));
            assertThat(limited.stats().active()).isEqualTo(3);
            for (TestClient c : clients) {
                assertServes(c, "still served");
            }
            clients.remove(0).close(); // a slot frees
            eventually(() -> assertThat(limited.stats().active()).isEqualTo(2));
            try (TestClient next = TestClient.connect(limited.port())) {
                assertServes(next, "a slot was free");
            }
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
        eventually(() -> assertThat(limited.stats().active()).isZero());
        assertThat(limited.stats().refused()).isEqualTo(1);
    }

    // 9. --idle-timeout: a silent client is closed after it, no sooner; a busy one is not.

    @Test
    void aSilentClientIsClosedAfterTheIdleTimeoutAndABusyOneIsNot() throws IOException {
        Duration timeout = Duration.ofSeconds(1);
        EchoServer timed = startAnother(ServerConfig.anyPort().withIdleTimeout(timeout));
        try (TestClient silent = TestClient.connect(timed.port())) {
            assertServes(silent, "then silence");
            long quietSince = System.nanoTime();
            assertThat(silent.readsEndOfStream()).as("the silent client is closed").isTrue();
            Duration waited = Duration.ofNanos(System.nanoTime() - quietSince);
            assertThat(waited).as("closed after").isGreaterThanOrEqualTo(timeout.multipliedBy(8).dividedBy(10))
                    .isLessThanOrEqualTo(timeout.plus(Probes.DEADLINE));
        }
        eventually(() -> {
            assertThat(timed.stats().timeouts()).isEqualTo(1);
            assertThat(timed.stats().active()).isZero();
        });
        try (TestClient busy = TestClient.connect(timed.port())) {
            long end = System.nanoTime() + timeout.multipliedBy(3).toNanos();
            for (int i = 0; System.nanoTime() < end; i++) { // a round trip every 100 ms for 3 timeouts
                assertServes(busy, "busy " + i);
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // the client's rhythm
            }
            assertThat(timed.stats().timeouts()).as("the busy client was not timed out").isEqualTo(1);
        }
        eventually(() -> assertThat(timed.stats().active()).isZero());
    }

    // 10. Churn: many short connections of every kind leave nothing behind.

    /** How many connect/close cycles the churn case runs. */
    protected int churnCycles() {
        return 10_000;
    }

    @Test
    void connectCloseChurnOfEveryKindLeavesNothingBehind() throws Exception {
        int cycles = churnCycles();
        int lanes = 4;
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int lane = 0; lane < lanes; lane++) {
                int first = lane;
                done.add(each.submit(() -> {
                    for (int i = first; i < cycles; i += lanes) {
                        churnOnce(i);
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
            assertThat(Probes.openFds()).as("open file descriptors").isLessThanOrEqualTo(baselineFds);
            assertThat(Probes.liveThreads(server.name())).as("server threads")
                    .isLessThanOrEqualTo(idleThreadCeiling(baselineThreads));
            if (EventLoop.of(server) instanceof EventLoop loop) {
                assertThat(loop.keyCount()).as("selector keys").isEqualTo(baselineKeys);
            }
        });
        try (TestClient after = TestClient.connect(server.port())) {
            assertServes(after, "after the churn");
        }
    }

    private void churnOnce(int i) throws IOException {
        TestClient c = TestClient.connect(server.port());
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
    void aResetWhileTheServerIsStuckWritingToThatClientFreesEverything() throws IOException {
        TestClient client = TestClient.connect(server.port());
        client.sendInChunks(Bytes.random(16 * 1024 * 1024, 11), new Random(11), 64 * 1024); // never reads
        Probes.untilTheServerStopsReading(server); // its replies fill every buffer: the server cannot write more
        client.reset();
        assertCleanedUpAfterReset();
    }

    // 12. A fault of the server's own in one connection closes that one only, with one ERROR line.

    @Test
    void aFaultHandlingOneConnectionClosesThatOneOnlyAndLogsOneError() throws IOException {
        EchoServer faulty = startAnother(ServerConfig.anyPort().withTransform(bytes -> {
            for (int i = bytes.position(); i < bytes.limit(); i++) {
                if (bytes.get(i) == '#') {
                    throw new IllegalStateException("injected fault");
                }
            }
            Protocol.upper(bytes);
        }));
        List<TestClient> others = new ArrayList<>();
        try {
            if (servesManyAtOnce()) {
                for (int i = 0; i < 5; i++) {
                    TestClient c = TestClient.connect(faulty.port());
                    others.add(c);
                    assertServes(c, "bystander " + i);
                }
            }
            try (TestClient victim = TestClient.connect(faulty.port())) {
                victim.send(ascii("# this one fails"));
                assertThat(victim.drainsToEnd()).as("the failing connection is closed").isTrue();
            }
            eventually(() -> assertThat(faulty.stats().errors()).isEqualTo(1));
            for (TestClient c : others) {
                assertServes(c, "still served");
            }
            try (TestClient next = TestClient.connect(faulty.port())) {
                assertServes(next, "served after the fault");
            }
            List<java.util.logging.LogRecord> errors = logs.records().stream()
                    .filter(r -> r.getLevel() == java.util.logging.Level.SEVERE).toList();
            assertThat(errors).as("ERROR lines").hasSize(1);
            assertThat(errors.get(0).getThrown()).as("the cause").hasMessage("injected fault");
            logs.clear(); // the one ERROR this test caused on purpose
        } finally {
            for (TestClient c : others) {
                c.close();
            }
        }
        eventually(() -> assertThat(faulty.stats().active()).isZero());
    }

    // 13. Out of file descriptors: a server in its own JVM under prlimit neither dies nor spins,
    //     keeps serving the clients it has, and accepts again once some leave.

    @Test
    void outOfFileDescriptorsTheServerNeitherDiesNorSpinsAndRecovers() throws Exception {
        assumeTrue(servesManyAtOnce(), "holds one connection at a time: it cannot run out of descriptors");
        assumeTrue(ChildServer.prlimitAvailable(), "prlimit (util-linux) is not installed");
        int limit = 256;
        int n = 400;
        try (ChildServer child = ChildServer.of(mainClass()).jvm(jvmArgs()).args(mainArgs())
                .under(List.of("prlimit", "--nofile=" + limit + ":" + limit, "--")).measured().start()) {
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    clients.add(TestClient.connect(child.port())); // the kernel completes them all: backlog
                }
                int early = Math.min(50, servedAtOnce()); // a pool serves its size, the rest wait their turn
                for (int i = 0; i < early; i++) {
                    assertServes(clients.get(i), "early " + i);
                }
                eventually(() -> assertThat(child.openFds()).as("the server's descriptors").isGreaterThan(limit - 16));
                if (sleepsWhileIdle()) {
                    // A server that spins on accept takes a whole core (half of one at the least on
                    // a loaded 2-core machine); one that waits takes what its model costs with ~240
                    // connections open: under 10% of a core, 5-7% for 03 with --idle-sleep-ms 5
                    // (each pass reads every connection) while another core is kept busy. A quarter
                    // of a core parts the two with a wide margin each way.
                    long before = child.cpuTicksWithoutTheJit();
                    long start = System.nanoTime();
                    Probes.measureOver(Duration.ofSeconds(2));
                    long ticks = child.cpuTicksWithoutTheJit() - before;
                    long wallTicks = (System.nanoTime() - start) / 10_000_000L;
                    assertThat(ticks).as("CPU ticks (the JIT's not counted) while it cannot accept, over %d ticks",
                            wallTicks).isLessThan(wallTicks / 4);
                }
                assertThat(child.isAlive()).as("the server is alive").isTrue();
                for (int i = 0; i < early; i++) {
                    assertServes(clients.get(i), "still served " + i);
                }
                for (int i = 0; i < n / 2; i++) {
                    clients.get(i).close(); // they leave: descriptors free up
                }
                for (int i = n / 2; i < n; i++) {
                    assertServes(clients.get(i), "accepted late " + i);
                    clients.get(i).close(); // and leaves, so a pool can take the next
                }
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            assertThat(child.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    // 14. Property: any payload, in any chunking, with any pauses, comes back upper-cased.

    @Test
    void anyPayloadInAnyChunkingWithAnyPausesComesBackUpperCased() {
        qt().withExamples(30).withShrinkCycles(30)
                .forAll(Generate.byteArrays(integers().between(0, 20_000),
                                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)),
                        lists().of(integers().between(1, 8192)).ofSizeBetween(1, 8),
                        lists().of(integers().between(0, 2000)).ofSizeBetween(0, 4))
                .checkAssert((payload, chunks, pausesMicros) -> {
                    try (TestClient c = TestClient.connect(server.port())) {
                        CompletableFuture<Void> sending = c.sendWithPauses(payload, chunks, pausesMicros);
                        byte[] reply = c.readExactly(payload.length);
                        sending.join();
                        assertSameBytes(Protocol.upper(payload), reply);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    // 15. The chapter's main: flags, banner, serving, SIGTERM (Ctrl-C) and a bad flag, in a JVM of its own.

    @Test
    void theMainServesUntilSigtermAndStopsCleanly() throws Exception {
        try (ChildServer child = ChildServer.of(mainClass()).jvm(jvmArgs()).args(mainArgs()).start()) {
            try (TestClient client = TestClient.connect(child.port())) {
                assertServes(client, "through main");
            }
            assertThat(child.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    @Test
    void theMainRejectsABadFlagWithOneLineAndTheUsage() throws Exception {
        ChildServer.Run run = ChildServer.of(mainClass()).jvm(jvmArgs()).args("--port", "70000").run();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines()).isNotEmpty();
        assertThat(run.lines().get(0)).contains("--port").contains("70000").doesNotContain("Exception");
        assertThat(String.join("\n", run.lines())).contains("Usage:").doesNotContain("\tat ");
    }

    @Test
    void theMainRejectsAHostThatDoesNotResolveWithOneLine() throws Exception {
        List<String> args = new ArrayList<>(mainArgs());
        args.addAll(List.of("--host", "nosuchhost.invalid"));
        ChildServer.Run run = ChildServer.of(mainClass()).jvm(jvmArgs()).args(args).run();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines()).isNotEmpty();
        assertThat(run.lines().get(0)).contains("nosuchhost.invalid").contains("does not resolve")
                .doesNotContain("Exception");
        assertThat(String.join("\n", run.lines())).doesNotContain("\tat ");
    }
}
