package io.models.containers;

import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.testkit.Bytes;
import io.models.common.testkit.Exchanges;
import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import io.models.conformance.Checker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every chapter's runnable jar, as a container, passes the black-box cases of the contract:
 * the bytes, 100 clients at once, and resets, with the cleanup measured from outside the
 * container (its process's descriptors and threads in this machine's /proc). Where the checker
 * ({@code conformance}) checks the same thing, it is the checker's case that runs here
 * ({@code one-byte-writes}, {@code concurrent-100}), with its words on failure. (The resets stay this
 * test's own: it measures the cleanup inside the container, where the checker has no process.)
 */
@Docker.Needed
@ParameterizedClass(name = "{0}")
@MethodSource("io.models.containers.PackagedChapter#all")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BlackBoxTest {

    @Parameter
    PackagedChapter chapter;

    private static ChapterContainer server;
    private static long baseFds;
    private static long baseServerThreads;

    @BeforeParameterizedClassInvocation
    static void start(PackagedChapter chapter) throws IOException {
        server = ChapterContainer.of(chapter).start();
        // One exchange first, as the contract suite does: what a server opens at its first wait for
        // a client (07's virtual-thread pollers open their epoll instances when the first virtual
        // thread parks on a socket) is in place before the baseline. Then the baseline is read once the counts have stopped changing.
        try (TestClient warmUp = TestClient.connect(server.port())) {
            Probes.measureOver(java.time.Duration.ofMillis(300)); // the server waits to read: a virtual thread parks
            ClientChecks.assertServes(warmUp, "warm-up");
        }
        long[] last = {-1, -1};
        Probes.eventually(() -> {
            long fds = server.openFds();
            long threads = server.serverThreads();
            boolean same = fds == last[0] && threads == last[1];
            last[0] = fds;
            last[1] = threads;
            Probes.measureOver(java.time.Duration.ofMillis(250));
            assertThat(same).as("the server's descriptors and threads settle after the warm-up").isTrue();
        });
        baseFds = last[0]; // listening, the warm-up client gone
        baseServerThreads = last[1];
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (server != null) {
            List<String> errors = server.errorLines();
            server.close();
            server = null;
            assertThat(errors).as("ERROR lines and stack traces in the server's output").isEmpty();
        }
    }

    /** The checker's case {@code name} against the container's server: its line is {@code PASS name}. */
    private static void checkerCase(String name) {
        assertThat(Checker.check(new InetSocketAddress("127.0.0.1", server.port()), Duration.ofSeconds(10), name))
                .isEqualTo("PASS " + name);
    }

    @Test
    void payloadsOfEveryAwkwardSizeInRandomChunksComeBackUpperCased() throws IOException {
        for (int size : Exchanges.AWKWARD_SIZES) {
            Exchanges.payloadInRandomChunks(server.port(), size);
        }
        checkerCase("one-byte-writes");
    }

    @Test
    void aHundredClientsAtOnceEachGetTheirOwnBytes() {
        checkerCase("concurrent-100");
    }

    @Test
    void resetsIdleAndMidTransferAreCleanedUpInsideTheContainer() throws IOException {
        long baseThreads = server.threads();
        long peakFds = baseFds;
        long peakThreads = baseThreads;
        int idle = 20;
        int midTransfer = 5;
        // Idle: a round trip, then RST (SO_LINGER 0), the note's ConnectionResetError. Held open
        // together first where the model serves many at once, so the server has them all.
        List<TestClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < idle; i++) {
                TestClient c = TestClient.connect(server.port());
                held.add(c);
                ClientChecks.assertServes(c, "idle client " + i);
                if (!chapter.servesManyAtOnce()) {
                    c.reset();
                }
            }
            peakFds = Math.max(peakFds, server.openFds());
            peakThreads = Math.max(peakThreads, server.threads());
        } finally {
            ClientChecks.resetAll(held);
        }
        // Mid-transfer: 16 MiB going in, the first 256 KiB of the reply read (the server is
        // copying), then RST while the server is blocked writing or holds data for it.
        for (int i = 0; i < midTransfer; i++) {
            TestClient c = TestClient.connect(server.port());
            c.sendInChunks(Bytes.random(16 * 1024 * 1024, i), new Random(i), 64 * 1024);
            c.readExactly(256 * 1024);
            peakFds = Math.max(peakFds, server.openFds());
            peakThreads = Math.max(peakThreads, server.threads());
            c.reset();
        }
        eventually(() -> {
            assertThat(server.openFds()).as("the server's open descriptors (%d after a warm-up client)", baseFds)
                    .isLessThanOrEqualTo(baseFds);
            assertThat(server.serverThreads()).as("the server's own threads (%d after a warm-up client)", baseServerThreads)
                    .isLessThanOrEqualTo(baseServerThreads);
        });
        long afterFds = server.openFds();
        long afterThreads = server.threads();
        long afterServerThreads = server.serverThreads();
        assertThat(server.errorLines()).as("ERROR lines after resets (a reset is a normal event)").isEmpty();
        ClientChecks.assertServes(server.port(), "still serving");
        Measured.line(chapter + " resets", "%d clients reset (%d idle, %d mid-transfer); descriptors %d -> %d at the "
                        + "most -> %d, threads %d -> %d at the most -> %d (%d of them the server's)",
                idle + midTransfer, idle, midTransfer, baseFds, peakFds, afterFds, baseThreads, peakThreads,
                afterThreads, afterServerThreads);
    }
}
