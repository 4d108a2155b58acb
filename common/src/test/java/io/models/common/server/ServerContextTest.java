package io.models.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.connection.Connection;
import io.models.common.connection.End;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admission under --max-connections, and every way a connection ends: counted and logged once. */
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
        assertThat(logs.lines()).anySatisfy(r -> assertThat(r.message()).contains("refused"));
    }

    @Test
    void eachEndIsCountedAndLoggedItsOwnWayAndOnlyOnce() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        for (End why : End.values()) {
            SocketChannel channel = accepted();
            assertThat(clients.admit(channel)).isTrue();
            Connection c = new Connection(channel, clients);
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
        assertThat(logs.lines().stream().filter(r -> r.level() == System.Logger.Level.ERROR)).hasSize(1);
        assertThat(logs.errors()).singleElement().asString().contains("injected");
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
}
