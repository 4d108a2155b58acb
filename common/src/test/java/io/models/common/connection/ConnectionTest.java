package io.models.common.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.server.RecordedLog;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A connection's name in the log: its client's address, whatever kind of channel it is. */
@Timeout(60)
class ConnectionTest {

    @Test
    void aConnectionIsNamedByItsClientsAddress() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept();
             AsynchronousSocketChannel async = AsynchronousSocketChannel.open()) {
            assertThat(Connection.peerOf(accepted)).isEqualTo(client.getLocalAddress().toString());
            async.connect(listener.getLocalAddress()).get(30, TimeUnit.SECONDS);
            try (SocketChannel other = listener.accept()) {
                assertThat(Connection.peerOf(async)).as("05's channels").isEqualTo(other.getLocalAddress().toString());
            }
            assertThat(Connection.peerOf(listener)).as("a listener: its own address")
                    .isEqualTo(listener.getLocalAddress().toString());
            ServerContext server = new RecordedLog().context(ServerConfig.anyPort());
            Connection c = new Connection(accepted, server);
            assertThat(c.peer()).isEqualTo(client.getLocalAddress().toString());
            c.end(End.SERVER);
            assertThat(c.peer()).as("kept after the end").isEqualTo(client.getLocalAddress().toString());
        }
    }

    @Test
    void aChannelClosedBeforeItIsNamedIsClosed() throws IOException {
        SocketChannel never = SocketChannel.open();
        never.close();
        assertThat(Connection.peerOf(never)).isEqualTo("(closed)");
    }
}
