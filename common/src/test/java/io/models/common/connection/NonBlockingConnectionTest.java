package io.models.common.connection;

import static io.models.common.connection.Payload.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.client.Exchange;
import io.models.common.protocol.Protocol;
import io.models.common.server.RecordedLog;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerContext;
import io.models.common.server.Stats;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The non-blocking models' connection, over a real connection whose client may stop reading. */
@Timeout(60)
class NonBlockingConnectionTest {

    private ServerSocketChannel listener;
    private SocketChannel client; // blocking: the test's side
    private SocketChannel channel; // non-blocking: the server's side
    private Selector selector;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(Connection.READ_BYTES);
    private final RecordedLog logs = new RecordedLog();

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = SocketChannel.open();
        client.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
        client.connect(listener.getLocalAddress());
        channel = listener.accept();
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
        channel.configureBlocking(false);
        selector = Selector.open();
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        channel.close();
        listener.close();
        selector.close();
    }

    private NonBlockingConnection connection(ServerContext clients) {
        return new NonBlockingConnection(channel, clients, scratch);
    }

    /**
     * Steps the connection the way 03 does (write while a reply is pending, else read) until part of
     * a reply is pending: the client reads nothing, so its buffers fill and the kernel stops taking
     * the replies. Judged by the connection's state, not by a pause in the traffic (a busy machine
     * pauses too).
     */
    private long stepUntilStuck(NonBlockingConnection conn, ServerContext clients) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); // it takes milliseconds
        int interest;
        do {
            assertThat(System.nanoTime()).as("no reply pending after 5 s").isLessThan(deadline);
            interest = step(conn);
            Thread.onSpinWait();
        } while (!conn.hasUnsent());
        assertThat(interest).as("a reply pending: the interest wanted next").isEqualTo(SelectionKey.OP_WRITE);
        return clients.snapshot().bytesIn();
    }

    private static int step(NonBlockingConnection conn) throws IOException {
        return conn.hasUnsent() ? conn.write() : conn.read();
    }

    /**
     * The client reads into {@code buf}, as much as has come (at least a byte), through its socket's
     * stream: a reply that stops coming fails the test after 5 s instead of hanging it.
     */
    private int readSome(ByteBuffer buf) throws IOException {
        client.socket().setSoTimeout(5_000);
        int n = client.socket().getInputStream().read(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        buf.position(buf.position() + n);
        return n;
    }

    /** The client reads until {@code buf} is full (at most 5 s without a byte). */
    private void readFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            readSome(buf);
        }
    }

    /** As 04 and 06 do: wait until the channel is ready (at most 30 s), then call the connection back. */
    private void selectAndCallBack(NonBlockingConnection conn) throws IOException {
        SelectionKey key = channel.keyFor(selector) != null ? channel.keyFor(selector)
                : channel.register(selector, SelectionKey.OP_READ, conn);
        assertThat(selector.select(30_000)).as("ready keys").isEqualTo(1);
        selector.selectedKeys().clear();
        Callback.dispatch(key); // the callback, and its interest applied
    }

    @Test
    void whatTheKernelDoesNotTakeIsKeptInOrderAndReadingStopsUntilItIsSent() throws Exception {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        NonBlockingConnection conn = connection(clients);
        byte[] payload = Payload.random(8 * 1024 * 1024, 1);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                Exchange.writeFully(client, ByteBuffer.wrap(payload));
            } catch (IOException e) {
                // the test closes the client at the end
            }
        });
        // The client reads nothing: the send buffer fills, the rest of one reply is kept, reading stops.
        long read = stepUntilStuck(conn, clients);
        assertThat(conn.hasUnsent()).as("a reply is pending").isTrue();
        assertThat(conn.unsent()).isPositive().isLessThanOrEqualTo(Connection.READ_BYTES);
        assertThat(read).isLessThan(payload.length);
        Stats stuck = clients.snapshot();
        assertThat(stuck.bytesPending()).isEqualTo(conn.unsent()).isEqualTo(stuck.bytesIn() - stuck.bytesOut());

        // Now the client reads everything, while the server goes on stepping.
        ByteBuffer reply = ByteBuffer.allocate(payload.length);
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try {
                readFully(reply);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().start(task));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!reading.isDone()) {
            assertThat(System.nanoTime()).as("reply not read after 30 s").isLessThan(deadline);
            step(conn);
            Thread.onSpinWait();
        }
        reading.join();
        writer.join();
        assertThat(conn.write()).as("all sent: wait for the client again").isEqualTo(SelectionKey.OP_READ);
        assertSameBytes(Protocol.upper(payload), reply.array());
        Stats s = clients.snapshot();
        assertThat(s.bytesIn()).isEqualTo(payload.length);
        assertThat(s.bytesOut()).isEqualTo(payload.length);
        assertThat(s.bytesPending()).isZero();
        assertThat(conn.hasUnsent()).isFalse();
        assertThat(conn.isOver()).isFalse();
    }

    @Test
    void endOfStreamWantsNothingMoreAndEndsAsEof() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        NonBlockingConnection conn = connection(clients);
        client.shutdownOutput();
        selectAndCallBack(conn); // reads -1: nothing is pending, so the connection is ended
        assertThat(conn.isOver()).isTrue();
        assertThat(channel.isOpen()).isFalse();
        Stats s = clients.snapshot();
        assertThat(s.closed()).isEqualTo(1);
        assertThat(s.resets()).isZero();
        assertThat(logs.lines()).anySatisfy(r -> assertThat(r.message()).contains("closed the connection"));
    }

    @Test
    void endingWithARepliesPendingDropsThemAndCountsThemOnce() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        NonBlockingConnection conn = connection(clients);
        Thread.ofVirtual().start(() -> {
            try {
                Exchange.writeFully(client, ByteBuffer.wrap(new byte[4 * 1024 * 1024]));
            } catch (IOException e) {
                // closed by the test
            }
        });
        stepUntilStuck(conn, clients);
        assertThat(clients.snapshot().bytesPending()).isPositive();
        conn.end(End.RESET);
        conn.end(End.RESET); // a second end does nothing
        Stats s = clients.snapshot();
        assertThat(s.bytesPending()).isZero();
        assertThat(s.closed()).isEqualTo(1);
        assertThat(s.resets()).isEqualTo(1);
    }

    @Test
    void aFailingTransformDropsWhatItWasGivenAndEndsAsAFaultWithOneError() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort().withTransform(bytes -> {
            throw new IllegalStateException("injected");
        }));
        NonBlockingConnection conn = connection(clients);
        Exchange.writeFully(client, ByteBuffer.wrap(new byte[100]));
        selectAndCallBack(conn);
        assertThat(conn.isOver()).isTrue();
        Stats s = clients.snapshot();
        assertThat(s.bytesIn()).isPositive();
        assertThat(s.errors()).isEqualTo(1);
        assertThat(s.bytesPending()).isZero();
        assertThat(logs.errors()).singleElement().asString().contains("injected");
    }

    @Test
    void aWriteThatFailsDropsWhatWasJustReadAndEndsTheConnection() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        NonBlockingConnection conn = connection(clients);
        Exchange.writeFully(client, ByteBuffer.wrap(new byte[100]));
        channel.shutdownOutput(); // writing is no longer possible, reading still is
        selectAndCallBack(conn);
        assertThat(conn.isOver()).isTrue();
        Stats s = clients.snapshot();
        assertThat(s.bytesIn()).isPositive();
        assertThat(s.bytesOut()).isZero();
        assertThat(s.closed()).isEqualTo(1);
        assertThat(s.errors()).as("not our fault").isZero();
        assertThat(s.bytesPending()).isZero();
        assertThat(logs.errors()).isEmpty();
    }

    @Test
    void theIdleCountRestartsWhenABytesArrivesAndPausesWhileAReplyIsPending() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        NonBlockingConnection conn = connection(clients);
        for (int i = 0; i < 4; i++) {
            assertThat(conn.quietFor(4)).as("sweep %d", i + 1).isFalse();
        }
        assertThat(conn.quietFor(4)).as("the fifth sweep in a row").isTrue();
        Exchange.writeFully(client, ByteBuffer.wrap(new byte[10]));
        selectAndCallBack(conn);
        assertThat(clients.snapshot().bytesIn()).isEqualTo(10);
        assertThat(conn.quietFor(4)).as("a byte came: the count starts again").isFalse();

        Thread.ofVirtual().start(() -> {
            try {
                Exchange.writeFully(client, ByteBuffer.wrap(new byte[4 * 1024 * 1024]));
            } catch (IOException e) {
                // closed by the test
            }
        });
        stepUntilStuck(conn, clients); // the client reads nothing: a reply is pending
        for (int i = 0; i < 10; i++) {
            assertThat(conn.quietFor(4)).as("sweep %d with a reply pending", i + 1).isFalse();
        }
        assertThat(conn.isOver()).isFalse();
    }

    @Test
    void aShortRequestIsEchoedAtOnceAndTheConnectionWaitsForTheClientAgain() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        NonBlockingConnection conn = connection(clients);
        Exchange.writeFully(client, ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
        selectAndCallBack(conn);
        assertThat(channel.keyFor(selector).interestOps()).isEqualTo(SelectionKey.OP_READ);
        ByteBuffer reply = ByteBuffer.allocate(3);
        readFully(reply);
        assertThat(new String(reply.array(), StandardCharsets.US_ASCII)).isEqualTo("ABC");
        assertThat(conn.read()).as("nothing more has come").isEqualTo(SelectionKey.OP_READ);
        assertThat(conn.write()).as("nothing to send").isEqualTo(SelectionKey.OP_READ);
        assertThat(clients.snapshot().bytesOut()).isEqualTo(3);
    }

    /** 03 polls every connection on every pass: a read that finds nothing is not a byte that moved. */
    @Test
    void aReadThatFindsNothingDoesNotRestartTheIdleCount() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        NonBlockingConnection conn = connection(clients);
        for (int i = 0; i < 3; i++) {
            assertThat(conn.quietFor(4)).isFalse();
        }
        assertThat(conn.read()).isEqualTo(SelectionKey.OP_READ);
        assertThat(clients.snapshot().bytesIn()).isZero();
        assertThat(conn.quietFor(4)).as("the fourth sweep").isFalse();
        assertThat(conn.quietFor(4)).as("the fifth sweep in a row").isTrue();
    }

    /**
     * A connection that sends a reply of its own accord (as 08's does when its worker is done) through
     * {@code send}, and reads through {@code receive}/{@code received}.
     */
    private static final class Pushing extends NonBlockingConnection {
        Pushing(SocketChannel channel, ServerContext server, ByteBuffer scratch) {
            super(channel, server, scratch);
        }

        void push(ByteBuffer reply) throws IOException {
            send(reply);
        }

        String take() throws IOException {
            int n = receive();
            return n <= 0 ? "" : StandardCharsets.US_ASCII.decode(received()).toString();
        }
    }

    @Test
    void aSubclassReadsWhatCameThroughReceiveAndReceived() throws IOException {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        Pushing conn = new Pushing(channel, clients, scratch);
        Exchange.writeFully(client, ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
        channel.register(selector, SelectionKey.OP_READ, conn);
        assertThat(selector.select(30_000)).isEqualTo(1);
        assertThat(conn.take()).isEqualTo("hello");
        assertThat(clients.snapshot().bytesIn()).isEqualTo(5);
    }

    @Test
    void writingAPushedReplyRestartsTheIdleCount() throws Exception {
        ServerContext clients = logs.context(ServerConfig.anyPort());
        Pushing conn = new Pushing(channel, clients, scratch);
        for (int i = 0; i < 3; i++) {
            assertThat(conn.quietFor(4)).isFalse(); // three quiet sweeps, say while a worker works
        }
        int size = 1024 * 1024;
        conn.push(ByteBuffer.allocate(size)); // far more than the kernel takes at once
        assertThat(conn.hasUnsent()).isTrue();
        assertThat(conn.quietFor(4)).as("a reply pending is not idleness").isFalse();
        ByteBuffer reply = ByteBuffer.allocate(size);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (conn.hasUnsent()) { // the client reads what has come, the server writes what it can
            assertThat(System.nanoTime()).as("reply not sent after 30 s").isLessThan(deadline);
            readSome(reply);
            conn.write();
        }
        readFully(reply);
        for (int i = 1; i <= 4; i++) {
            assertThat(conn.quietFor(4)).as("sweep %d after the reply was written", i).isFalse();
        }
        assertThat(conn.quietFor(4)).isTrue();
    }
}
