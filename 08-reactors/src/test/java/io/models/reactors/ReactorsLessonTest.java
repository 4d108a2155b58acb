package io.models.reactors;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.protocol.Protocol;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.Bytes;
import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Beyond the note: what the worker pool and the sub reactors change. The note (四, select模块的缺点):
 * 一旦事件响应的执行体庞大,则对整个模型是灾难性的 (once a handler is large, it is a disaster for the
 * whole model).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReactorsLessonTest {

    private static final int WORK_MICROS = 20_000; // 20 ms per request: large next to a round trip
    private static final int SAMPLES = 15;

    /** Median round trip of a one-byte request, in ns. */
    private static long medianRoundTrip(TestClient client) throws IOException {
        long[] took = new long[SAMPLES];
        byte[] one = {'x'};
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            assertSameBytes(new byte[] {'X'}, client.roundTrip(one));
            took[i] = System.nanoTime() - start;
        }
        Arrays.sort(took);
        return took[SAMPLES / 2];
    }

    /**
     * How much longer a short request from one client takes while another client keeps the server
     * busy (every read of its stream costs the same work), against the same request with that
     * client quiet: measured in one run on one server.
     */
    private static double slowdownBesideABusyClient(EchoServer server) throws Exception {
        server.start();
        try (TestClient shortOne = TestClient.connect(server.port());
             TestClient busy = TestClient.connect(server.port())) {
            long quiet = medianRoundTrip(shortOne);
            AtomicBoolean stop = new AtomicBoolean();
            byte[] chunk = Bytes.random(16 * 1024, 1);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 10_000 && !stop.get(); i++) { // bounded; stopped below long before
                        busy.send(chunk);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, task -> Thread.ofVirtual().start(task));
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try {
                    busy.drainsToEnd(); // takes the replies as they come, so the busy client never stalls
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, task -> Thread.ofVirtual().start(task));
            eventually(() -> assertThat(server.stats().bytesIn()).as("the busy client is being served")
                    .isGreaterThan(2L * chunk.length));
            long besideBusy = medianRoundTrip(shortOne);
            stop.set(true);
            busy.reset(); // ends the writer and the reader
            writer.handle((v, e) -> null).get(1, TimeUnit.MINUTES);
            reader.handle((v, e) -> null).get(1, TimeUnit.MINUTES);
            return (double) besideBusy / quiet;
        } finally {
            server.close();
        }
    }

    @Test
    void aLargeHandlerOnTheReactorThreadMakesTheOthersWaitAndAWorkerPoolDoesNot() throws Exception {
        double onTheReactor = slowdownBesideABusyClient(new BaseServer(ServerConfig.anyPort(), new ReactorsModel(1, 0, WORK_MICROS)));
        double onWorkers = slowdownBesideABusyClient(new BaseServer(ServerConfig.anyPort(), new ReactorsModel(1, 2, WORK_MICROS)));
        System.out.printf("slowdown beside a busy client: %.2fx with the work on the reactor thread, %.2fx with two workers%n",
                onTheReactor, onWorkers);
        // On the reactor thread, the short request waits for the busy client's work as well as its
        // own (about twice as long); with two workers it waits only for its own.
        assertThat(onTheReactor).as("slowdown with the work on the reactor thread").isGreaterThanOrEqualTo(1.5);
        assertThat(onWorkers).as("slowdown with two workers").isLessThan(1.5);
    }

    @Test
    void twoReactorsShareAThousandConnectionsEvenly() throws Exception {
        int n = 1000;
        ReactorsModel model = new ReactorsModel(2, 0, 0);
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), model)) {
            server.start();
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    TestClient c = TestClient.connect(server.port());
                    clients.add(c);
                    byte[] hello = ("client " + i).getBytes(StandardCharsets.US_ASCII);
                    assertSameBytes(Protocol.upper(hello), c.roundTrip(hello));
                }
                int[] perReactor = model.connectionsPerReactor();
                assertThat(perReactor).as("connections per reactor").hasSize(2);
                for (int held : perReactor) {
                    assertThat(held).as("connections on one reactor, of %d (%s)", n, Arrays.toString(perReactor))
                            .isBetween(n / 2 - n / 20, n / 2 + n / 20); // within 10% of even
                }
                assertThat(Probes.liveThreads(ReactorsModel.NAME + "-reactor-")).as("reactor threads").isEqualTo(2);
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            eventually(() -> assertThat(server.stats().active()).isZero());
        }
        assertThat(Probes.liveThreads(ReactorsModel.NAME)).isZero();
    }

    /**
     * Why a connection goes to another reactor through its queue: a channel registered with a
     * selector from another thread, while that selector waits in select(), is not watched until
     * the select returns. (Before JDK 11 the register call itself blocked.) Its client's bytes go
     * unnoticed; a wakeup() is what makes the selector take the new key.
     */
    @Test
    void aRegisterFromAnotherThreadIsNotWatchedUntilTheSelectorWakesUp() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             Selector selector = Selector.open();
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel conn = listener.accept()) {
            CompletableFuture<Integer> selected = new CompletableFuture<>();
            Thread reactor = Thread.ofPlatform().start(() -> {
                try {
                    selected.complete(selector.select()); // waits for ever: nothing is registered yet
                } catch (IOException e) {
                    selected.completeExceptionally(e);
                }
            });
            eventually(() -> assertThat(reactor.getState()).isEqualTo(Thread.State.RUNNABLE)); // in epoll_wait
            Probes.measureOver(Duration.ofMillis(200)); // let it enter select()
            conn.configureBlocking(false);
            conn.register(selector, SelectionKey.OP_READ); // from this thread, not the reactor's
            client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            Probes.measureOver(Duration.ofSeconds(1));
            assertThat(selected).as("select() returned for bytes on the newly registered channel").isNotDone();
            selector.wakeup();
            assertThat(selected.get(30, TimeUnit.SECONDS)).as("keys ready after the wakeup").isZero();
            reactor.join();
            assertThat(selector.selectNow()).as("the next select sees the key").isEqualTo(1);
        }
    }
}
