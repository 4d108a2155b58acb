package io.models.threadpool;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.protocol.Protocol;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.LogCapture;
import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 二、一个简单的解决方案 / 改进方案: a thread per connection has no ceiling; a pool has one. */
@Timeout(180)
class ThreadPoolLessonTest {

    private static final String WORKERS = ThreadPoolModel.NAME + "-worker-";

    @Test
    void threadPerConnectionServes200ClientsAtOnceWithAThreadEach() throws Exception {
        int n = 200;
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new ThreadPoolModel(0))) {
            server.start();
            int baseline = Probes.liveThreads(WORKERS);
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    TestClient c = TestClient.connect(server.port());
                    clients.add(c);
                    byte[] hello = ("client " + i).getBytes(StandardCharsets.US_ASCII);
                    assertSameBytes(Protocol.upper(hello), c.roundTrip(hello)); // served while the others stay
                }
                // Every one of them is still connected, and each holds a thread of its own.
                assertThat(server.stats().active()).isEqualTo(n);
                assertThat(Probes.liveThreads(WORKERS)).isEqualTo(baseline + n);
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            // They leave, and their threads end with them.
            eventually(() -> {
                assertThat(server.stats().active()).isZero();
                assertThat(Probes.liveThreads(WORKERS)).isEqualTo(baseline);
            });
        }
    }

    @Test
    void aPoolOfNServesNWhileClientNPlusOneWaits() throws Exception {
        int pool = 4;
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new ThreadPoolModel(pool))) {
            server.start();
            List<TestClient> served = new ArrayList<>();
            try {
                for (int i = 0; i < pool; i++) {
                    TestClient c = TestClient.connect(server.port());
                    served.add(c);
                    byte[] hello = ("pooled " + i).getBytes(StandardCharsets.US_ASCII);
                    assertSameBytes(Protocol.upper(hello), c.roundTrip(hello));
                }
                assertThat(Probes.liveThreads(WORKERS)).isEqualTo(pool);

                try (TestClient extra = TestClient.connect(server.port())) {
                    byte[] waiting = "n plus one".getBytes(StandardCharsets.US_ASCII);
                    extra.send(waiting);
                    // Accepted, but queued: no worker is free to read it.
                    eventually(() -> assertThat(server.stats().accepted()).isEqualTo(pool + 1));
                    byte[] again = "still served".getBytes(StandardCharsets.US_ASCII);
                    assertSameBytes(Protocol.upper(again), served.get(0).roundTrip(again));
                    long readFromPooled = bytesOf(pool) + again.length;
                    assertThat(server.stats().bytesIn()).as("nothing read from client N+1").isEqualTo(readFromPooled);
                    assertThat(extra.socket().getInputStream().available()).isZero();

                    served.remove(0).close(); // one leaves; its worker takes the queued client
                    assertSameBytes(Protocol.upper(waiting), extra.readExactly(waiting.length));
                    assertThat(Probes.liveThreads(WORKERS)).as("the pool did not grow").isEqualTo(pool);
                }
            } finally {
                for (TestClient c : served) {
                    c.close();
                }
            }
            eventually(() -> assertThat(server.stats().active()).isZero());
        }
    }

    @Test
    void aWorkerStuckWritingToAClientThatResetsReturnsToThePool() throws Exception {
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new ThreadPoolModel(1))) {
            server.start();
            TestClient stuck = TestClient.connect(server.port());
            // It sends and never reads: the only worker ends up blocked in write().
            stuck.sendInChunks(io.models.common.testkit.Bytes.random(16 * 1024 * 1024, 1), new java.util.Random(1), 65536);
            Probes.untilTheServerStopsReading(server); // the worker is stuck writing to it
            stuck.reset();
            // The write fails at once, and the pool's one worker is free for the next client.
            try (TestClient next = TestClient.connect(server.port())) {
                byte[] hello = "after the reset".getBytes(StandardCharsets.US_ASCII);
                assertSameBytes(Protocol.upper(hello), next.roundTrip(hello));
            }
            eventually(() -> {
                assertThat(server.stats().resets()).isEqualTo(1);
                assertThat(server.stats().active()).isZero();
                assertThat(server.stats().bytesPending()).isZero();
            });
            assertThat(Probes.liveThreads(WORKERS)).as("still one worker").isEqualTo(1);
        }
    }

    private static long bytesOf(int clients) {
        long n = 0;
        for (int i = 0; i < clients; i++) {
            n += ("pooled " + i).length();
        }
        return n;
    }

    /**
     * A process at its thread limit (a container's --pids-limit, say) cannot start a thread for a
     * new client: the server keeps that client waiting, serves the ones it has, says so once, and
     * serves the new one as soon as a thread can start. It never dies.
     */
    @Test
    void whenNoThreadCanStartTheNewClientWaitsAndNothingDies() throws Exception {
        AtomicBoolean threadsLeft = new AtomicBoolean(true);
        ThreadFactory platform = Thread.ofPlatform().name(WORKERS, 1).factory();
        ThreadFactory limited = task -> {
            if (!threadsLeft.get()) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
            }
            return platform.newThread(task);
        };
        try (LogCapture logs = LogCapture.start();
             EchoServer server = new BaseServer(ServerConfig.anyPort(), new ThreadPoolModel(0, limited));
             TestClient first = TestClient.connect(startedPort(server))) {
            assertSameBytes(ascii("FIRST"), first.roundTrip(ascii("first")));
            threadsLeft.set(false);
            try (TestClient second = TestClient.connect(server.port())) {
                second.send(ascii("second"));
                eventually(() -> assertThat(server.stats().accepted()).isEqualTo(2));
                eventually(() -> assertThat(logs.records()).anySatisfy(r ->
                        assertThat(r.getMessage()).contains("failed").contains("trying again")));
                assertSameBytes(ascii("STILL FIRST"), first.roundTrip(ascii("still first"))); // served meanwhile
                assertThat(server.stats().bytesIn()).as("none of the second's bytes read yet")
                        .isEqualTo("first".length() + "still first".length());
                threadsLeft.set(true); // a thread can start again
                assertSameBytes(ascii("SECOND"), second.readExactly("second".length()));
            }
            try (TestClient third = TestClient.connect(server.port())) {
                assertSameBytes(ascii("THIRD"), third.roundTrip(ascii("third")));
            }
            assertThat(logs.errors()).isEmpty();
        }
        assertThat(Probes.liveThreads(ThreadPoolModel.NAME)).isZero();
    }

    @Test
    void aNegativePoolSizeIsRefused() {
        assertThatThrownBy(() -> new ThreadPoolModel(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** --pool is 0 (a thread per connection, the default) to 10000; anything else is one line saying so. */
    @Test
    void thePoolFlagIsZeroToTenThousand() {
        ThreadPoolChapter chapter = new ThreadPoolChapter();
        assertThat(chapter.options(List.of()).number("--pool")).isZero();
        assertThat(chapter.describe(chapter.options(List.of()))).startsWith("一个简单的解决方案");
        assertThat(chapter.describe(chapter.options(List.of("--pool", "10000")))).startsWith("改进方案 线程池: a fixed pool of 10000");
        for (String bad : new String[] {"-1", "10001", "abc", ""}) {
            assertThatThrownBy(() -> chapter.options(List.of("--pool", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is not a pool size from 0 to 10000");
        }
    }

    private static int startedPort(EchoServer server) throws java.io.IOException {
        server.start();
        return server.port();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
