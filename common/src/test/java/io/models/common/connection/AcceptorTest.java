package io.models.common.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.server.RecordedLog;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The non-blocking accept policy: batches, admission, and the wait after accept() fails. */
@Timeout(60)
class AcceptorTest {

    private ServerSocketChannel listener;
    private Selector selector;
    private final List<SocketChannel> clients = new ArrayList<>();
    private final List<SocketChannel> served = new ArrayList<>();
    private final RecordedLog logs = new RecordedLog();

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        listener.configureBlocking(false);
        selector = Selector.open();
    }

    @AfterEach
    void close() throws IOException {
        for (SocketChannel c : clients) {
            c.close();
        }
        for (SocketChannel c : served) {
            c.close();
        }
        listener.close();
        selector.close();
    }

    private void connect(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            clients.add(SocketChannel.open(listener.getLocalAddress()));
        }
    }

    @Test
    void acceptsEveryClientWaitingAtMostABatchAtATimeEachNonBlocking() throws IOException {
        ServerContext counted = logs.context(ServerConfig.anyPort());
        Acceptor acceptor = new Acceptor(listener, null, counted);
        connect(Acceptor.BATCH + 10); // connect() returns once the kernel has completed the handshake
        assertThat(acceptor.acceptWaiting(served::add)).as("the interest wanted next").isEqualTo(SelectionKey.OP_ACCEPT);
        assertThat(served).hasSize(Acceptor.BATCH);
        assertThat(served).allSatisfy(c -> assertThat(c.isBlocking()).isFalse());
        acceptor.acceptWaiting(served::add);
        assertThat(served).hasSize(Acceptor.BATCH + 10);
        acceptor.acceptWaiting(served::add); // nobody waiting: returns at once
        assertThat(served).hasSize(Acceptor.BATCH + 10);
        assertThat(counted.snapshot().accepted()).isEqualTo(Acceptor.BATCH + 10);
    }

    @Test
    void aClientOverTheLimitIsNotHandedOn() throws IOException {
        ServerContext counted = logs.context(ServerConfig.anyPort().withMaxConnections(2));
        Acceptor acceptor = new Acceptor(listener, null, counted);
        connect(3);
        acceptor.acceptWaiting(conn -> {
            served.add(conn);
            new Connection(conn, counted); // open until the test ends
        });
        assertThat(served).hasSize(2);
        assertThat(counted.snapshot().refused()).isEqualTo(1);
    }

    @Test
    void whenHandingOnFailsTheConnectionEndsAsAReset() throws IOException {
        ServerContext counted = logs.context(ServerConfig.anyPort());
        Acceptor acceptor = new Acceptor(listener, null, counted);
        connect(1);
        acceptor.acceptWaiting(conn -> {
            throw new IOException("cannot register");
        });
        assertThat(counted.snapshot().closed()).isEqualTo(1);
        assertThat(counted.snapshot().resets()).isEqualTo(1);
        assertThat(counted.snapshot().active()).isZero();
    }

    @Test
    void afterAcceptFailsTheListenerIsLeftAloneUntilTheRetryIsDue() throws IOException {
        ServerContext counted = logs.context(ServerConfig.anyPort());
        SelectionKey key = listener.register(selector, SelectionKey.OP_ACCEPT);
        Acceptor acceptor = new Acceptor(listener, key, counted);
        assertThat(acceptor.isSet()).isFalse();
        ServerSocketChannel broken = ServerSocketChannel.open();
        broken.close(); // accept() on it fails with an IOException, as out of descriptors it would
        Acceptor failing = new Acceptor(broken, key, counted);
        long before = System.nanoTime();
        key.interestOps(failing.acceptWaiting(served::add)); // as the loop applies what it returns
        assertThat(failing.isSet()).as("waiting to accept again").isTrue();
        assertThat(key.interestOps()).as("the listener's interest while waiting").isZero();
        assertThat(failing.dueAt() - before).isGreaterThanOrEqualTo(AcceptBackoff.RETRY.toNanos());
        assertThat(logs.lines()).filteredOn(r -> r.message().contains("failed")).hasSize(1);
        failing.acceptWaiting(served::add); // still waiting: does not even try
        assertThat(logs.lines()).filteredOn(r -> r.message().contains("failed")).hasSize(1);
        failing.run(System.nanoTime());
        assertThat(failing.isSet()).isFalse();
        assertThat(key.interestOps()).isEqualTo(SelectionKey.OP_ACCEPT);
        connect(1);
        acceptor.acceptWaiting(served::add);
        assertThat(served).hasSize(1);
        assertThat(logs.lines()).extracting(RecordedLog.Line::message).endsWith(
                "working again after 1 failed attempts", "accepted " + Connection.peerOf(served.get(0)));
    }

    @Test
    void aPollingLoopsAcceptorHasNoKeyToSetAgain() throws IOException {
        ServerContext counted = logs.context(ServerConfig.anyPort());
        ServerSocketChannel broken = ServerSocketChannel.open();
        broken.close();
        Acceptor failing = new Acceptor(broken, null, counted); // 03: a loop that polls the listener
        assertThat(failing.acceptWaiting(served::add)).isZero();
        failing.run(System.nanoTime());
        assertThat(failing.isSet()).isFalse();
    }
}
