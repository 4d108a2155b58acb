package io.models.common.testkit;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Options;
import io.models.common.chapter.Trait;
import io.models.common.protocol.Protocol;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.EventLoop;
import io.models.common.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every chapter's server keeps, run once per chapter by a subclass that names the
 * chapter and its flags (as Netty's testsuite runs one test body over every transport). What the
 * suite must expect of the model (one client at a time, polling while idle) it reads from the
 * chapter's descriptor. Real sockets on 127.0.0.1, every wait bounded, cleanup measured.
 *
 * <p>This class starts the server under test, takes its baselines and holds the hooks a chapter
 * may override. The cases come in families, one interface each, as the JUnit guide's contract
 * tests do: {@link EchoContract} (the bytes come back right however they are sent),
 * {@link ManyClientsContract} (clients served side by side, held, limited, faulted),
 * {@link CleanupContract} (what ends leaves nothing behind), {@link WaitingContract} (the cases
 * measured in CPU and time: waiting, not spinning) and {@link MainContract} (the chapter's main).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
public abstract class ContractSuite
        implements EchoContract, ManyClientsContract, CleanupContract, WaitingContract, MainContract {

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

    /** For the families of cases: this suite, with its server under test and its hooks. */
    @Override
    public final ContractSuite suite() {
        return this;
    }

    /** Another server of the chapter with its own config (limits, a faulty transform), closed after the test. */
    protected EchoServer startAnother(ServerConfig config) throws IOException {
        EchoServer s = newServer(config);
        others.add(s);
        s.start();
        return s;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** One round trip of {@code text}: it comes back upper-cased. */
    static void assertServes(TestClient client, String text) throws IOException {
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

    /** How many connect/close cycles the churn case runs. */
    protected int churnCycles() {
        return 10_000;
    }

    /** The chapter's main, in a JVM of its own with the suite's JVM flags, not started yet. */
    ChildServer.Launch child() {
        return ChildServer.of(mainClass()).jvm(jvmArgs());
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

    /**
     * What the server holds is back to what it held before the test: open descriptors, its threads
     * (up to {@link #idleThreadCeiling}) and its selector keys.
     */
    void assertBackToBaseline() {
        assertThat(Probes.openFds()).as("open file descriptors").isLessThanOrEqualTo(baselineFds);
        assertThat(Probes.liveThreads(server.name())).as("server threads")
                .isLessThanOrEqualTo(idleThreadCeiling(baselineThreads));
        if (EventLoop.of(server) instanceof EventLoop loop) {
            assertThat(loop.keyCount()).as("selector keys").isEqualTo(baselineKeys);
        }
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
}
