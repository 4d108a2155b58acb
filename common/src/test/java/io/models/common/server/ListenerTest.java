package io.models.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.linux.Proc;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The listening socket, bound the same way in every chapter: the config's address, port and backlog, SO_REUSEADDR. */
@Timeout(60)
class ListenerTest {

    @Test
    void aListenerIsBoundWhereTheConfigSaysAndReusesItsAddress() throws IOException {
        try (ServerSocketChannel l = Listener.open(ServerConfig.anyPort())) {
            assertThat(l.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
            InetSocketAddress at = (InetSocketAddress) l.getLocalAddress();
            assertThat(at.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(Listener.port(l)).isEqualTo(at.getPort()).isPositive();
            try (SocketChannel c = SocketChannel.open(at); SocketChannel served = l.accept()) {
                assertThat(served.getRemoteAddress()).isEqualTo(c.getLocalAddress());
            }
            int port = at.getPort();
            l.close();
            try (ServerSocketChannel again = Listener.open(ServerConfig.anyPort().withPort(port))) {
                assertThat(Listener.port(again)).as("the port the config names, bound again at once").isEqualTo(port);
            }
        }
    }

    @Test
    void anAsynchronousListenerTheSameWay() throws Exception {
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withThreadPool(Executors.newSingleThreadExecutor());
        try (AsynchronousServerSocketChannel l = Listener.open(ServerConfig.anyPort(), group)) {
            assertThat(l.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
            assertThat(((InetSocketAddress) l.getLocalAddress()).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(Listener.port(l)).isPositive();
        } finally {
            group.shutdownNow();
            assertThat(group.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aClosedListenerHasNoPort() throws IOException {
        ServerSocketChannel l = Listener.open(ServerConfig.anyPort());
        l.close();
        assertThatThrownBy(() -> Listener.port(l)).isInstanceOf(IllegalStateException.class).hasMessage("listener is closed");
    }

    /** A listener that cannot bind (the port is taken) is closed again: twenty failures leave no socket behind. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aListenerThatCannotBindIsClosed() throws IOException {
        try (ServerSocketChannel taken = Listener.open(ServerConfig.anyPort())) {
            ServerConfig same = ServerConfig.anyPort().withPort(Listener.port(taken));
            long before = sockets();
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> Listener.open(same)).isInstanceOf(BindException.class);
            }
            assertThat(sockets() - before).as("sockets left open by 20 failed binds").isLessThan(10);
        }
    }

    private static long sockets() throws IOException {
        return Proc.self().fdTargets().stream().filter(t -> t.startsWith("socket:")).count();
    }
}
