package io.models.common.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.server.ServerConfig;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one idle rule, swept: five sweeps in a row with nothing moving end a connection. */
class IdleSweepTest {

    private ServerSocketChannel listener;
    private final List<SocketChannel> open = new ArrayList<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(Connection.READ_BYTES);

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

    private NonBlockingConnection connection(ServerContext clients) throws IOException {
        open.add(SocketChannel.open(listener.getLocalAddress()));
        SocketChannel channel = listener.accept();
        channel.configureBlocking(false);
        open.add(channel);
        clients.admit(channel);
        return new NonBlockingConnection(channel, clients, scratch);
    }

    @Test
    void offWithoutATimeout() {
        IdleSweep sweep = IdleSweep.over(List.of(), ServerConfig.anyPort());
        assertThat(sweep.isSet()).isFalse();
    }

    @Test
    void aSilentConnectionEndsOnTheFifthSweepAndIsCountedAsATimeout() throws IOException {
        ServerContext clients = new ServerContext("test", ServerConfig.anyPort().withIdleTimeout(Duration.ofSeconds(4)));
        List<NonBlockingConnection> conns = List.of(connection(clients), connection(clients));
        IdleSweep sweep = IdleSweep.over(conns, clients.config());
        assertThat(sweep.isSet()).isTrue();
        long now = System.nanoTime();
        assertThat(sweep.dueAt() - now).isBetween(0L, Duration.ofSeconds(1).toNanos());
        for (int i = 1; i <= IdleSweep.SWEEPS_PER_TIMEOUT; i++) {
            sweep.run(now);
            assertThat(conns).as("after sweep %d", i).noneMatch(Connection::isOver);
        }
        assertThat(sweep.dueAt()).as("the next sweep, a quarter of the timeout later")
                .isEqualTo(now + Duration.ofSeconds(1).toNanos());
        sweep.run(now);
        assertThat(conns).allMatch(Connection::isOver);
        assertThat(clients.snapshot().timeouts()).isEqualTo(2);
        assertThat(clients.snapshot().active()).isZero();
    }

    @Test
    void overASelectorsKeysOnlyConnectionsAreSwept() throws IOException {
        ServerContext clients = new ServerContext("test", ServerConfig.anyPort().withIdleTimeout(Duration.ofSeconds(4)));
        try (Selector selector = Selector.open()) {
            NonBlockingConnection conn = connection(clients);
            open.get(open.size() - 1).register(selector, SelectionKey.OP_READ, conn);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT, "not a connection");
            IdleSweep sweep = IdleSweep.overKeys(selector, clients.config());
            for (int i = 0; i <= IdleSweep.SWEEPS_PER_TIMEOUT; i++) {
                sweep.run(System.nanoTime());
            }
            assertThat(conn.isOver()).isTrue();
            assertThat(listener.isOpen()).isTrue();
        }
    }
}
