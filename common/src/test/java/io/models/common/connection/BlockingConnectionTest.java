package io.models.common.connection;

import static io.models.common.connection.Payload.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.protocol.Protocol;
import io.models.common.server.RecordedLog;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/** A read size smaller than {@link Connection#READ_BYTES}: more reads per message, the same bytes back. */
class BlockingConnectionTest {

    @Test
    void aSmallReadSizeStillSendsBackEveryByte() throws Exception {
        ServerContext clients = new ServerContext("test", ServerConfig.anyPort());
        byte[] payload = Payload.random(100_000, 7);
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            Thread serving = Thread.ofVirtual().start(new BlockingConnection(listener.accept(), clients, 1000));
            Thread writing = Thread.ofVirtual().start(() -> {
                try {
                    client.write(ByteBuffer.wrap(payload));
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ByteBuffer reply = ByteBuffer.allocate(payload.length);
            while (reply.hasRemaining() && client.read(reply) >= 0) {
                // until every byte has come back
            }
            writing.join();
            serving.join();
            assertSameBytes(Protocol.upper(payload), reply.array());
        }
        assertThat(clients.snapshot().bytesOut()).isEqualTo(payload.length);
        assertThat(clients.snapshot().closed()).isOne();
    }

    @Test
    void aReadSizeBelowOneByteIsRefused() throws IOException {
        ServerContext clients = new ServerContext("test", ServerConfig.anyPort());
        try (SocketChannel unconnected = SocketChannel.open()) {
            assertThatThrownBy(() -> new BlockingConnection(unconnected, clients, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
