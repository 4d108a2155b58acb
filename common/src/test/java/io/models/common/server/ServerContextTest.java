package io.models.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.Connection;
import io.models.common.connection.End;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a model is handed: admission under --max-connections, every way a connection ends (counted
 * and logged once), the blocking accept, and what it registers, undone last-first when the server stops.
 */
@Timeout(60)
class ServerContextTest {

    private ServerSocketChannel listener;
    private final List<SocketChannel> open = new ArrayList<>();
    private final RecordedLog logs = new RecordedLog();

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void close() throws IOException {
        for (SocketChannel c : open) {
            c.close();
        }
        listener.close();
    }

    /** A connected pair: the client's end is kept open by the test, the server's end is returned. */
    private SocketChannel accepted() throws IOException {
        open.add(SocketChannel.open(listener.getLocalAddress()));
        SocketChannel conn = listener.accept();
        open.add(conn);
        return conn;
    }

    private SocketChannel client(ServerSocketChannel to) throws IOException {
        SocketChannel c = SocketChannel.open(to.getLocalAddress());
        open.add(c);
        return c;
    }

    private List<String> messages() {
        return logs.lines().stream().map(RecordedLog.Line::message).toList();
    }

    @Test
    void whatItIsMadeWith() {
        ServerConfig config = ServerConfig.anyPort().withMaxConnections(3);
        ServerContext server = logs.context(config);
        assertThat(server.name()).isEqualTo("test");
        assertThat(server.config()).isSameAs(config);
        assertThat(server.log()).isSameAs(logs);
        assertThat(server.backoff()).isNotNull().isSameAs(server.backoff());
        assertThat(server.running()).isTrue();
        assertThat(new ServerContext("04-select", config).log().getName()).isEqualTo("io.models.04-select");
    }

    // ---- Admission and ends ----

    @Test
    void pastTheLimitAClientIsClosedAtOnceAndCountedAsRefused() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort().withMaxConnections(1));
        SocketChannel first = accepted();
        assertThat(clients.admit(first)).isTrue();
        new Connection(first, clients);
        SocketChannel second = accepted();
        assertThat(clients.admit(second)).isFalse();
        assertThat(second.isOpen()).isFalse();
        Stats s = clients.snapshot();
        assertThat(s.accepted()).isEqualTo(1);
        assertThat(s.refused()).isEqualTo(1);
        assertThat(s.active()).isEqualTo(1);
        assertThat(messages()).containsExactly("accepted " + Connection.peerOf(first),
                "refused " + open.get(2).getLocalAddress() + ": already serving 1 connections (--max-connections)");
    }

    @Test
    void eachEndIsCountedAndLoggedItsOwnWayAndOnlyOnce() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort().withIdleTimeout(Duration.ofSeconds(4)));
        List<String> peers = new ArrayList<>();
        for (End why : End.values()) {
            SocketChannel channel = accepted();
            assertThat(clients.admit(channel)).isTrue();
            Connection c = new Connection(channel, clients);
            peers.add(c.peer());
            c.end(why, why == End.FAULT ? new IllegalStateException("injected") : new IOException("Connection reset"));
            c.end(End.RESET); // a second end does nothing
            assertThat(c.isOver()).isTrue();
            assertThat(channel.isOpen()).isFalse();
        }
        Stats s = clients.snapshot();
        assertThat(s.closed()).isEqualTo(End.values().length);
        assertThat(s.active()).isZero();
        assertThat(s.resets()).as("only RESET is a reset").isEqualTo(1);
        assertThat(s.timeouts()).isEqualTo(1);
        assertThat(s.errors()).isEqualTo(1);
        assertThat(logs.errors()).singleElement().asString().contains("injected");
        assertThat(logs.lines()).filteredOn(l -> !l.message().startsWith("accepted")).extracting(
                RecordedLog.Line::level, RecordedLog.Line::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.INFO, peers.get(0) + " closed the connection"),
                org.assertj.core.groups.Tuple.tuple(Level.INFO, peers.get(1) + " connection ended: Connection reset"),
                org.assertj.core.groups.Tuple.tuple(Level.INFO, peers.get(2) + " sent nothing for 4 s: closed"),
                org.assertj.core.groups.Tuple.tuple(Level.ERROR, peers.get(3) + ": handling failed, connection closed"),
                org.assertj.core.groups.Tuple.tuple(Level.DEBUG, peers.get(4) + " closed by the server"));
    }

    @Test
    void aResetWithNoCauseIsSaidToBeAReset() {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        clients.ended("a Netty channel", End.RESET, null, 3);
        assertThat(messages()).containsExactly("a Netty channel connection ended: reset");
        assertThat(clients.snapshot().bytesPending()).as("its 3 bytes dropped").isEqualTo(-3);
        assertThat(clients.snapshot().resets()).isOne();
    }

    @Test
    void endAllEndsWhatIsStillOpenAsClosedByTheServer() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SocketChannel channel = accepted();
            clients.admit(channel);
            conns.add(new Connection(channel, clients));
        }
        conns.get(0).end(End.EOF);
        clients.endAll();
        assertThat(conns).allSatisfy(c -> assertThat(c.isOver()).isTrue());
        Stats s = clients.snapshot();
        assertThat(s.active()).isZero();
        assertThat(s.closed()).isEqualTo(3);
        assertThat(s.resets()).isZero();
    }

    @Test
    void whatAFailureMeans() {
        assertThat(End.of(new SocketTimeoutException())).isEqualTo(End.IDLE);
        assertThat(End.of(new InterruptedByTimeoutException())).isEqualTo(End.IDLE);
        assertThat(End.of(new AsynchronousCloseException())).isEqualTo(End.SERVER);
        assertThat(End.of(new ClosedByInterruptException())).isEqualTo(End.SERVER);
        assertThat(End.of(new IOException("Connection reset by peer"))).isEqualTo(End.RESET);
        assertThat(End.of(new IllegalStateException("a bug"))).isEqualTo(End.FAULT);
        assertThat(End.of(new OutOfMemoryError())).isEqualTo(End.FAULT);
    }

    @Test
    void aClosedChannelHasNoPeerName() throws IOException {
        SocketChannel channel = accepted();
        String peer = Connection.peerOf(channel);
        assertThat(peer).startsWith("/127.0.0.1:");
        channel.close();
        assertThat(Connection.peerOf(channel)).isEqualTo("(closed)");
    }

    // ---- The blocking accept ----

    @Test
    void acceptGivesAClientAdmittedOrNoneIfItIsRefused() throws IOException {
        ServerContext server = logs.context(ServerConfig.anyPort().withMaxConnections(1));
        ServerSocketChannel l = server.listen();
        SocketChannel first = client(l);
        SocketChannel served = server.accept(l);
        assertThat(served).isNotNull();
        assertThat(Connection.peerOf(served)).isEqualTo(first.getLocalAddress().toString());
        new Connection(served, server);
        SocketChannel second = client(l);
        assertThat(server.accept(l)).as("refused").isNull();
        second.socket().setSoTimeout(5_000); // a client left open fails the test, it does not hang it
        assertThat(second.socket().getInputStream().read()).as("closed at once").isEqualTo(-1);
        assertThat(server.snapshot().refused()).isOne();
        server.stop();
    }

    @Test
    void acceptEndedByTheStopIsNoneAndNoFailure() throws Exception {
        ServerContext server = logs.context(ServerConfig.anyPort());
        ServerSocketChannel l = server.listen();
        CompletableFuture<SocketChannel> accepted = new CompletableFuture<>();
        Thread waiting = Thread.ofVirtual().start(() -> accepted.complete(server.accept(l)));
        await().atMost(Duration.ofSeconds(30)).until(() -> waiting.getState() == Thread.State.WAITING
                && Arrays.stream(waiting.getStackTrace()).anyMatch(f -> f.getMethodName().equals("accept")
                        && f.getClassName().equals("sun.nio.ch.ServerSocketChannelImpl")));
        server.stop(); // closes the listener under the waiting accept
        assertThat(accepted.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(logs.lines()).as("no failure, no wait").isEmpty();
    }

    @Test
    void aFailedAcceptWaitsThenIsNoneAndWhenItWorksAgainItIsSaid() throws IOException {
        ServerContext server = logs.context(ServerConfig.anyPort());
        ServerSocketChannel broken = ServerSocketChannel.open();
        broken.close(); // its accept fails with an IOException, as it would out of descriptors
        long before = System.nanoTime();
        assertThat(server.accept(broken)).isNull();
        assertThat(System.nanoTime() - before).as("waited before trying again")
                .isGreaterThanOrEqualTo(AcceptBackoff.RETRY.toNanos());
        ServerSocketChannel l = server.listen();
        client(l);
        assertThat(server.accept(l)).isNotNull();
        assertThat(logs.lines()).extracting(RecordedLog.Line::level).containsExactly(Level.WARNING, Level.INFO, Level.INFO);
        assertThat(messages().get(0)).startsWith("accept failed: ");
        assertThat(messages().get(1)).isEqualTo("working again after 1 failed attempts");
        server.stop();
    }

    // ---- What the model registers, undone when the server stops ----

    @Test
    void whatIsRegisteredIsUndoneLastFirstThenTheConnectionsStillOpenAreEnded() throws Exception {
        ServerContext server = logs.context(ServerConfig.anyPort());
        SocketChannel channel = accepted();
        server.admit(channel);
        Connection c = new Connection(channel, server);
        List<String> order = new CopyOnWriteArrayList<>();
        server.onClose(() -> order.add("first, the connection open: " + !c.isOver() + ", running: " + server.running()));
        AutoCloseable second = () -> order.add("second");
        assertThat(server.closing(second)).isSameAs(second);
        server.onClose(() -> order.add("third"));
        server.stop();
        assertThat(order).containsExactly("third", "second", "first, the connection open: true, running: false");
        assertThat(c.isOver()).as("ended after everything registered").isTrue();
        assertThat(server.snapshot().closed()).isOne();
        assertThat(logs.lines()).last().extracting(RecordedLog.Line::message).asString().endsWith("closed by the server");
        server.stop(); // a second stop does nothing
        assertThat(order).hasSize(3);
    }

    @Test
    void aResourceThatFailsToCloseIsLoggedAndTheRestIsStillUndone() {
        ServerContext server = logs.context(ServerConfig.anyPort());
        List<String> order = new CopyOnWriteArrayList<>();
        server.onClose(() -> order.add("earlier"));
        server.closing(new AutoCloseable() {
            @Override
            public void close() throws IOException {
                throw new IOException("stuck");
            }

            @Override
            public String toString() {
                return "the stuck thing";
            }
        });
        server.stop();
        assertThat(order).containsExactly("earlier");
        assertThat(logs.lines()).singleElement().satisfies(l -> {
            assertThat(l.level()).isEqualTo(Level.WARNING);
            assertThat(l.message()).isEqualTo("closing the stuck thing: stuck");
        });
    }

    @Test
    void theListenerIsBoundClosedAtTheStopAndItsPortIsTheServers() throws IOException {
        ServerContext server = logs.context(ServerConfig.anyPort());
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class)
                .hasMessage("test is not listening: start() it first");
        ServerSocketChannel l = server.listen();
        assertThat(l.isBlocking()).isTrue();
        assertThat(server.port()).isEqualTo(((InetSocketAddress) l.getLocalAddress()).getPort()).isPositive();
        server.listening(() -> 4242); // 09: a listener the model binds itself
        assertThat(server.port()).isEqualTo(4242);
        server.stop();
        assertThat(l.isOpen()).isFalse();
    }

    @Test
    void anAsynchronousListenerIsBoundAndClosedTheSameWay() throws Exception {
        ServerContext server = logs.context(ServerConfig.anyPort());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withThreadPool(pool);
        try {
            AsynchronousServerSocketChannel l = server.listen(group);
            assertThat(server.port()).isEqualTo(((InetSocketAddress) l.getLocalAddress()).getPort()).isPositive();
            try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
                l.accept().get(30, TimeUnit.SECONDS).close();
            }
            server.stop();
            assertThat(l.isOpen()).isFalse();
        } finally {
            group.shutdownNow();
            assertThat(group.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theSelectLoopsAreCountedOverEverySelector() throws IOException {
        ServerContext server = logs.context(ServerConfig.anyPort());
        assertThat(server.eventLoop()).as("no selector yet").isNull();
        Selector a = Selector.open();
        assertThat(server.selector(a)).isSameAs(a);
        Selector b = server.selector(Selector.open());
        ServerSocketChannel l = server.listen();
        l.configureBlocking(false);
        l.register(a, SelectionKey.OP_ACCEPT);
        SocketChannel conn = accepted();
        conn.configureBlocking(false);
        conn.register(b, SelectionKey.OP_READ);
        EventLoop loop = server.eventLoop();
        assertThat(loop.keyCount()).isEqualTo(2);
        assertThat(loop.wakeups()).isZero();
        server.woke();
        server.woke();
        server.woke();
        assertThat(loop.wakeups()).isEqualTo(3);
        server.stop();
        assertThat(a.isOpen()).isFalse();
        assertThat(b.isOpen()).isFalse();
    }

    @Test
    void aLoopThreadIsWokenThenJoinedAtTheStop() throws InterruptedException {
        ServerContext server = logs.context(ServerConfig.anyPort());
        List<Thread> woken = new CopyOnWriteArrayList<>();
        Thread t = server.thread("test-loop", w -> {
            woken.add(w);
            LockSupport.unpark(w);
        }, () -> {
            while (server.running()) {
                LockSupport.park();
            }
        });
        assertThat(t.getName()).isEqualTo("test-loop");
        assertThat(t.isAlive()).as("started").isTrue();
        Thread stopping = Thread.ofVirtual().start(server::stop);
        assertThat(stopping.join(Duration.ofSeconds(5))).as("the stop has returned").isTrue();
        assertThat(woken).containsExactly(t);
        assertThat(t.isAlive()).as("joined").isFalse();
        assertThat(logs.errors()).isEmpty();
    }

    @Test
    void aLoopEndedByTheStopIsNotAFailure() {
        ServerContext server = logs.context(ServerConfig.anyPort());
        ServerSocketChannel l;
        try {
            l = server.listen();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Thread t = server.thread("test-acceptor", Thread::interrupt, () -> {
            while (server.running()) {
                l.accept().close(); // the interrupt makes it throw ClosedByInterruptException
            }
        });
        server.stop();
        assertThat(t.isAlive()).isFalse();
        assertThat(logs.errors()).isEmpty();
    }

    @Test
    void aLoopThatFailsIsLoggedAndStopsTheWholeServer() throws Exception {
        ServerContext server = logs.context(ServerConfig.anyPort());
        CountDownLatch stopped = new CountDownLatch(1);
        server.onClose(stopped::countDown);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Throwable> uncaught = new CompletableFuture<>();
        Thread t = server.thread("test-loop", Thread::interrupt, () -> {
            Threads.await(go);
            throw new IOException("select failed");
        });
        t.setUncaughtExceptionHandler((thread, e) -> uncaught.complete(e));
        go.countDown();
        assertThat(stopped.await(5, TimeUnit.SECONDS)).as("the server stopped").isTrue();
        assertThat(server.running()).isFalse();
        assertThat(logs.errors()).containsExactly("test-loop failed; the server stops <- java.io.IOException: select failed");
        t.join();
        assertThat(uncaught).as("handled: logged, not thrown at the thread").isNotDone();
    }

    @Test
    void anErrorInALoopStopsTheServerAndIsThrownOnToItsThread() throws Exception {
        ServerContext server = logs.context(ServerConfig.anyPort());
        CountDownLatch stopped = new CountDownLatch(1);
        server.onClose(stopped::countDown);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Throwable> uncaught = new CompletableFuture<>();
        Thread t = server.thread("test-loop", Thread::interrupt, () -> {
            Threads.await(go);
            throw new AssertionError("injected");
        });
        t.setUncaughtExceptionHandler((thread, e) -> uncaught.complete(e));
        go.countDown();
        assertThat(uncaught.get(5, TimeUnit.SECONDS)).isInstanceOf(AssertionError.class).hasMessage("injected");
        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(logs.errors()).singleElement().asString().startsWith("test-loop failed; the server stops");
    }

    /**
     * A pool's threads are joined at the stop, after what was registered later (the executor's
     * shutdown): the stop returns only once each has ended, not merely once it was told to.
     */
    @Test
    void aPoolsThreadsAreJoinedAfterItsShutdown() {
        ServerContext server = logs.context(ServerConfig.anyPort());
        ThreadFactory factory = server.threads("test-worker-");
        CountDownLatch shutDown = new CountDownLatch(1);
        CountDownLatch lastStep = new CountDownLatch(1);
        Thread worker = factory.newThread(() -> {
            Threads.await(shutDown);
            Threads.await(lastStep); // a worker that takes a moment to end once told to
        });
        assertThat(worker.getName()).isEqualTo("test-worker-1");
        worker.start();
        server.onClose(shutDown::countDown); // registered later: runs first
        CompletableFuture<Boolean> waited = WhenWaiting.then(Thread.currentThread(), lastStep::countDown);
        server.stop();
        assertThat(worker.isAlive()).as("joined before the stop returned").isFalse();
        assertThat(waited.join()).isTrue();
    }
}
