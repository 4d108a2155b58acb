package io.models.common.connection;

import static io.models.common.connection.Payload.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.models.common.protocol.Protocol;
import io.models.common.server.RecordedLog;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerContext;
import io.models.common.server.Stats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking models' connection (01, 02, 07): every byte back, and every way it ends counted once. */
@Timeout(60)
class BlockingConnectionTest {

    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel accepted;
    private final RecordedLog logs = new RecordedLog();

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        client = SocketChannel.open();
        client.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
        client.connect(listener.getLocalAddress());
        accepted = listener.accept();
        accepted.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        accepted.close();
        listener.close();
    }

    /**
     * Reads until {@code n} bytes have come or the stream ends, through the client's socket stream:
     * a reply that stops coming fails the test after 5 s without a byte instead of hanging it.
     */
    private byte[] readReply(int n) throws IOException {
        client.socket().setSoTimeout(5_000);
        return client.socket().getInputStream().readNBytes(n);
    }

    /** True if the server has closed the connection: the client reads end of stream (within 5 s). */
    private boolean closedByTheServer() throws IOException {
        client.socket().setSoTimeout(5_000);
        return client.socket().getInputStream().read() == -1;
    }

    @Test
    void aSmallReadSizeStillSendsBackEveryByte() throws Exception {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        byte[] payload = Payload.random(100_000, 7);
        Thread serving = Thread.ofVirtual().start(new BlockingConnection(accepted, clients, 1000));
        Thread writing = Thread.ofVirtual().start(() -> {
            try {
                client.write(ByteBuffer.wrap(payload));
                client.shutdownOutput();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] reply = readReply(payload.length);
        writing.join();
        serving.join();
        assertSameBytes(Protocol.upper(payload), reply);
        Stats s = clients.snapshot();
        assertThat(s.bytesIn()).isEqualTo(payload.length);
        assertThat(s.bytesOut()).isEqualTo(payload.length);
        assertThat(s.bytesPending()).as("all sent: nothing held, nothing dropped").isZero();
        assertThat(s.closed()).isOne();
        assertThat(s.resets()).isZero();
        assertThat(logs.lines()).last().extracting(RecordedLog.Line::message).asString().endsWith("closed the connection");
    }

    @Test
    void oneByteAtATimeIsTheLeastReadSize() throws Exception {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        Thread serving = Thread.ofVirtual().start(new BlockingConnection(accepted, clients, 1));
        client.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
        client.shutdownOutput();
        assertThat(new String(readReply(3), StandardCharsets.US_ASCII)).isEqualTo("ABC");
        serving.join();
        try (SocketChannel unconnected = SocketChannel.open()) {
            assertThatThrownBy(() -> new BlockingConnection(unconnected, clients, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("read size must be at least 1 byte, got 0");
        }
    }

    @Test
    void aClientSilentForTheIdleTimeoutIsClosedAndCountedAsATimeout() throws Exception {
        ServerContext clients = logs.context(ServerConfig.anyPort().withIdleTimeout(Duration.ofMillis(200)));
        Thread serving = Thread.ofVirtual().start(new BlockingConnection(accepted, clients));
        client.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII)));
        assertThat(new String(readReply(1), StandardCharsets.US_ASCII)).isEqualTo("X");
        // Then nothing: the server's read times out and it closes the connection, so the client reads EOF.
        assertThat(serving.join(Duration.ofSeconds(5))).as("ended by the idle timeout").isTrue();
        assertThat(closedByTheServer()).isTrue();
        Stats s = clients.snapshot();
        assertThat(s.timeouts()).isOne();
        assertThat(s.closed()).isOne();
        assertThat(s.bytesPending()).isZero();
    }

    @Test
    void ourOwnFaultEndsTheConnectionAndAnErrorIsNotSwallowed() throws Exception {
        ServerContext clients = logs.context(ServerConfig.anyPort().withTransform(bytes -> {
            throw new AssertionError("injected");
        }));
        client.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
        client.shutdownOutput(); // so that a connection that does not fail ends at once
        BlockingConnection conn = new BlockingConnection(accepted, clients);
        assertThatThrownBy(conn::run).isInstanceOf(AssertionError.class).hasMessage("injected");
        assertThat(conn.isOver()).isTrue();
        assertThat(accepted.isOpen()).isFalse();
        Stats s = clients.snapshot();
        assertThat(s.errors()).isOne();
        assertThat(s.closed()).isOne();
        assertThat(s.bytesPending()).as("what the failed transform held is dropped").isZero();
        assertThat(logs.errors()).singleElement().asString().contains("injected");
    }

    @Test
    void aRuntimeFaultEndsOnlyThisConnection() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort().withTransform(bytes -> {
            throw new IllegalStateException("injected");
        }));
        client.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
        client.shutdownOutput(); // so that a connection that does not fail ends at once
        BlockingConnection conn = new BlockingConnection(accepted, clients);
        conn.run(); // returns: the fault is counted and logged, not thrown at the thread that serves others
        assertThat(clients.snapshot().errors()).isOne();
        assertThat(closedByTheServer()).isTrue();
    }

    /**
     * A client that stops reading, then resets: the server is blocked writing back a read's worth;
     * what it had not written is dropped when the reset ends the connection, so nothing stays pending.
     */
    @Test
    void aResetWhileAReplyIsBlockedDropsWhatWasNotWritten() throws Exception {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        Thread serving = Thread.ofVirtual().start(new BlockingConnection(accepted, clients));
        Thread writing = Thread.ofVirtual().start(() -> {
            try {
                client.write(ByteBuffer.wrap(new byte[4 * 1024 * 1024]));
            } catch (IOException e) {
                // the reset below
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> blockedWriting(serving));
        assertThat(clients.snapshot().bytesPending()).as("a reply waits for the client").isPositive();
        client.setOption(StandardSocketOptions.SO_LINGER, 0);
        client.close(); // RST
        assertThat(serving.join(Duration.ofSeconds(30))).isTrue();
        writing.join(TimeUnit.SECONDS.toMillis(30));
        Stats s = clients.snapshot();
        assertThat(s.resets()).isOne();
        assertThat(s.bytesIn()).isGreaterThan(s.bytesOut());
        assertThat(s.bytesPending()).as("dropped with the connection").isZero();
    }

    /** The serving (virtual) thread is parked inside a socket write: the client's buffers are full. */
    private static boolean blockedWriting(Thread t) {
        return t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals("sun.nio.ch.SocketChannelImpl") && f.getMethodName().equals("write"));
    }
}
