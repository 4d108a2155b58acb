package io.models.common.connection;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.client.Exchange;
import io.models.common.connection.Outbox;
import io.models.common.protocol.Protocol;
import io.models.common.server.ServerStats;
import io.models.common.server.Stats;
import io.models.common.testkit.Bytes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The non-blocking models' write queue, over a real connection whose client stops reading. */
@Timeout(60)
class OutboxTest {

    private ServerSocketChannel listener;
    private SocketChannel client; // blocking: the test's side
    private SocketChannel conn; // non-blocking: the server's side
    private final ServerStats stats = new ServerStats();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = SocketChannel.open();
        client.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
        client.connect(listener.getLocalAddress());
        conn = listener.accept();
        conn.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
        conn.configureBlocking(false);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        conn.close();
        listener.close();
    }

    /** Echoes what arrives until {@code total} bytes are read, or nothing has moved for 0.3 s after the first byte. */
    private long echoUntilStuck(Outbox outbox, long total) throws IOException {
        long read = 0;
        long lastMove = System.nanoTime();
        long deadline = lastMove + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (read < total && (read == 0 || System.nanoTime() - lastMove < 300_000_000L)) {
            assertThat(System.nanoTime()).as("bytes still moving after 30 s").isLessThan(deadline);
            long before = outbox.pending();
            outbox.flush(conn);
            int n = outbox.echo(conn, scratch);
            read += Math.max(n, 0);
            if (n > 0 || outbox.pending() != before) {
                lastMove = System.nanoTime();
            }
            Thread.onSpinWait();
        }
        return read;
    }

    @Test
    void whatTheKernelDoesNotTakeIsKeptInOrderAndNothingPastOneMebibyte() throws Exception {
        Outbox outbox = new Outbox(stats);
        byte[] payload = Bytes.random(8 * 1024 * 1024, 1);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                Exchange.writeFully(client, ByteBuffer.wrap(payload));
            } catch (IOException e) {
                // the test closes the client at the end
            }
        });
        // The client reads nothing: the send buffer fills, the rest is kept, then reading stops.
        long read = echoUntilStuck(outbox, payload.length);
        assertThat(outbox.pending()).isPositive().isLessThanOrEqualTo(Outbox.MAX_PENDING);
        assertThat(outbox.hasRoom()).isFalse();
        assertThat(outbox.echo(conn, scratch)).as("no room: nothing is read").isZero();
        assertThat(read).isLessThan(payload.length);
        assertThat(stats.snapshot().bytesPending()).isEqualTo(read - stats.snapshot().bytesOut());

        // Now the client reads everything, while the server goes on echoing and flushing.
        ByteBuffer reply = ByteBuffer.allocate(payload.length);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                Exchange.readFully(client, reply);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        while (read < payload.length || !outbox.isEmpty()) {
            outbox.flush(conn);
            read += Math.max(0, outbox.echo(conn, scratch));
            Thread.onSpinWait();
        }
        reader.join();
        writer.join();
        assertSameBytes(Protocol.upper(payload), reply.array());
        Stats s = stats.snapshot();
        assertThat(s.bytesIn()).isEqualTo(payload.length);
        assertThat(s.bytesOut()).isEqualTo(payload.length);
        assertThat(s.bytesPending()).isZero();
    }

    @Test
    void endOfStreamIsMinusOne() throws IOException {
        Outbox outbox = new Outbox(stats);
        client.shutdownOutput();
        eventually(() -> assertThat(outbox.echo(conn, scratch)).isEqualTo(-1));
    }

    @Test
    void discardCountsWhatWasKeptAsDropped() throws IOException {
        Outbox outbox = new Outbox(stats);
        Thread.ofVirtual().start(() -> {
            try {
                Exchange.writeFully(client, ByteBuffer.wrap(new byte[4 * 1024 * 1024]));
            } catch (IOException e) {
                // closed by the test
            }
        });
        echoUntilStuck(outbox, 4 * 1024 * 1024);
        assertThat(stats.snapshot().bytesPending()).isPositive();
        outbox.discard();
        assertThat(outbox.isEmpty()).isTrue();
        assertThat(stats.snapshot().bytesPending()).isZero();
    }

    @Test
    void aFailingTransformDropsWhatItWasGivenAndThrows() throws IOException {
        Outbox outbox = new Outbox(stats, bytes -> {
            throw new IllegalStateException("injected");
        });
        Exchange.writeFully(client, ByteBuffer.wrap(new byte[100]));
        eventually(() -> assertThatThrownBy(() -> outbox.echo(conn, scratch)).hasMessage("injected"));
        assertThat(stats.snapshot().bytesIn()).isPositive();
        assertThat(stats.snapshot().bytesPending()).isZero();
    }

    @Test
    void aWriteThatFailsDropsWhatWasJustRead() throws IOException {
        Outbox outbox = new Outbox(stats);
        Exchange.writeFully(client, ByteBuffer.wrap(new byte[100]));
        conn.shutdownOutput(); // writing is no longer possible, reading still is
        eventually(() -> assertThatThrownBy(() -> outbox.echo(conn, scratch)).isInstanceOf(IOException.class));
        assertThat(stats.snapshot().bytesIn()).isPositive();
        assertThat(stats.snapshot().bytesPending()).isZero();
    }
}
