package io.models.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.models.common.protocol.Protocol;
import io.models.common.testkit.Probes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator checks every byte: against a correct server it counts; against one that
 * answers wrongly it stops with {@link LoadGen.MismatchException}; a server that closes or is not
 * there is an error per connection. The servers here are tiny in-process ones, a thread per
 * connection, that count what they read, so a test waits for what the server has seen instead of
 * for a time.
 */
class LoadGenTest {

    private static final Duration READY = Duration.ofSeconds(10);

    private final List<AutoCloseable> open = Collections.synchronizedList(new ArrayList<>());
    /** Bytes each accepted connection has read, in accept order. */
    private final List<AtomicLong> read = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeAll() throws Exception {
        List<AutoCloseable> all;
        synchronized (open) {
            all = List.copyOf(open);
        }
        for (AutoCloseable c : all) {
            c.close();
        }
    }

    /** A blocking echo server that applies {@code transform} to each chunk it reads. */
    private InetSocketAddress server(UnaryOperator<byte[]> transform) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        open.add(listener);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    SocketChannel c = listener.accept();
                    open.add(c);
                    AtomicLong count = new AtomicLong();
                    read.add(count);
                    Thread.ofPlatform().daemon().start(() -> {
                        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                        try (c) {
                            while (c.read(buf.clear()) > 0) {
                                byte[] chunk = new byte[buf.flip().remaining()];
                                buf.get(chunk);
                                count.addAndGet(chunk.length);
                                c.write(ByteBuffer.wrap(transform.apply(chunk)));
                            }
                        } catch (IOException e) {
                            // the generator closed the connection
                        }
                    });
                }
            } catch (IOException e) {
                // closed by the test
            }
        });
        return (InetSocketAddress) listener.getLocalAddress();
    }

    @Test
    void aCorrectServerIsCountedEveryByteChecked() throws Exception {
        InetSocketAddress addr = server(Protocol::upper);
        Load load = Load.mixed(4, 4096, 3);
        try (LoadGen gen = new LoadGen(addr, load, 2)) {
            gen.start();
            assertThat(gen.awaitReady(READY, READY)).isTrue();
            assertThat(gen.connected()).isEqualTo(7);
            assertThat(gen.answered()).isEqualTo(7); // idle ones too, once
            gen.go();
            gen.startWindow();
            // The server reading past a connection's next whole request means the generator had the
            // whole reply before it, inside the window: every active connection completes one.
            awaitServerReadMore(load.active(), 2L * 4096);
            LoadGen.Window w = gen.endWindow();
            assertThat(w.requests()).isGreaterThanOrEqualTo(load.active());
            assertThat(w.replyBytes()).isEqualTo(w.requests() * 4096);
            assertThat(w.errors()).isZero();
            assertThat(w.starved()).isZero();
            assertThat(w.latency().getTotalCount()).isEqualTo(w.requests());
            assertThat(w.seconds()).isPositive();
        }
    }

    @Test
    void aStreamIsCheckedAcrossChunkBoundaries() throws Exception {
        InetSocketAddress addr = server(Protocol::upper);
        try (LoadGen gen = new LoadGen(addr, Load.stream(2, 64 * 1024), 1)) {
            gen.start();
            assertThat(gen.awaitReady(READY, READY)).isTrue();
            gen.go();
            gen.startWindow();
            // At most IN_FLIGHT (and one chunk) is on its way: a server that read more than that
            // since the window opened has sent back bytes the generator received in it.
            awaitServerReadMore(1, StreamConnection.IN_FLIGHT + 2L * 64 * 1024);
            LoadGen.Window w = gen.endWindow();
            assertThat(w.replyBytes()).isPositive();
            assertThat(w.requests()).isZero();
            assertThat(w.latency().getTotalCount()).isZero();
            assertThat(w.errors()).isZero();
        }
    }

    @Test
    void aServerThatDoesNotUpperCaseFailsTheRun() throws Exception {
        InetSocketAddress addr = server(UnaryOperator.identity()); // an echo, not the protocol
        LoadGen.MismatchException e = runUntilItFails(addr, Load.pingPong(2, 64));
        // The first wrong byte is a lower-case letter sent back where its capital was due.
        Matcher m = Pattern.compile("request 0: reply byte (\\d+) of 64 is 0x(\\p{XDigit}{2}), expected 0x(\\p{XDigit}{2})")
                .matcher(e.getMessage());
        assertThat(m.find()).as(e.getMessage()).isTrue();
        int got = Integer.parseInt(m.group(2), 16);
        int expected = Integer.parseInt(m.group(3), 16);
        assertThat((char) got).isBetween('a', 'z');
        assertThat(expected).isEqualTo(got - 0x20);
    }

    @Test
    void aServerThatLosesOneByteInAStreamFailsTheRunAndTheWindow() throws Exception {
        InetSocketAddress addr = server(chunk -> {
            byte[] up = Protocol.upper(chunk);
            if (up.length > Load.TOUCH_BYTES) {
                up[up.length / 2] ^= 1; // one flipped bit in every chunk of the stream (not in its first request)
            }
            return up;
        });
        try (LoadGen gen = new LoadGen(addr, Load.stream(1, 64 * 1024), 1)) {
            gen.start();
            assertThat(gen.awaitReady(READY, READY)).isTrue(); // the touch is answered right
            gen.startWindow(); // before go: once the stream starts, the wrong byte is moments away
            gen.go();
            LoadGen.MismatchException e = awaitMismatch(gen);
            assertThat(e).hasMessageMatching("connection 0 \\(active\\), request 0: stream byte \\d+ is 0x\\p{XDigit}{2}, "
                    + "expected 0x\\p{XDigit}{2}");
            assertThatThrownBy(gen::endWindow).isInstanceOf(LoadGen.MismatchException.class).hasMessage(e.getMessage());
        }
    }

    @Test
    void aServerThatSendsMoreThanTheRequestFailsTheRun() throws Exception {
        InetSocketAddress addr = server(chunk -> {
            byte[] up = Protocol.upper(chunk);
            byte[] more = java.util.Arrays.copyOf(up, up.length + 1);
            more[up.length] = '!';
            return more;
        });
        // Before the load starts the '!' has no request to belong to; after, it is the first byte of
        // the next reply. Either way the run stops on that byte.
        LoadGen.MismatchException e = runUntilItFails(addr, Load.pingPong(1, 64));
        assertThat(e.getMessage()).containsAnyOf("a byte arrived with no request outstanding (more reply than request)",
                "reply byte 0 of 64 is 0x21");
    }

    @Test
    void anIdleConnectionThatIsSentAByteFailsTheRun() throws Exception {
        ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        open.add(listener);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                SocketChannel c = listener.accept();
                open.add(c);
                c.write(ByteBuffer.wrap(new byte[] {'?'})); // nobody asked
            } catch (IOException e) {
                // closed by the test
            }
        });
        LoadGen.MismatchException e = runUntilItFails((InetSocketAddress) listener.getLocalAddress(), Load.idle(1, false));
        assertThat(e).hasMessage("connection 0 (idle), request 0: a byte arrived with no request outstanding "
                + "(more reply than request)");
    }

    @Test
    void aServerThatClosesEveryConnectionIsAnErrorEach() throws Exception {
        ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        open.add(listener);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    listener.accept().close(); // accepts, then closes: every request is left unanswered
                }
            } catch (IOException e) {
                // closed by the test
            }
        });
        try (LoadGen gen = new LoadGen((InetSocketAddress) listener.getLocalAddress(), Load.pingPong(3, 64), 2)) {
            gen.start();
            assertThat(gen.awaitReady(READY, READY)).isTrue(); // ready: every connection answered or failed
            gen.go();
            gen.startWindow();
            LoadGen.Window w = gen.endWindow();
            assertThat(w.errors()).isEqualTo(3);
            assertThat(w.starved()).isEqualTo(3);
            assertThat(w.requests()).isZero();
            assertThat(w.errorSamples()).hasSize(3).allSatisfy(s -> assertThat(s).matches(
                    "connection \\d: (the server closed the connection with a request outstanding|.*reset.*|.*Broken pipe.*)"));
        }
    }

    @Test
    void nothingListeningIsAnErrorPerConnection() throws Exception {
        InetSocketAddress nobody;
        try (ServerSocketChannel s = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            nobody = (InetSocketAddress) s.getLocalAddress(); // free, and nothing listens once closed
        }
        try (LoadGen gen = new LoadGen(nobody, Load.pingPong(7, 64), 1)) {
            gen.start();
            assertThat(gen.awaitReady(READY, READY)).isTrue();
            assertThat(gen.connected()).isZero();
            gen.startWindow();
            LoadGen.Window w = gen.endWindow();
            assertThat(w.errors()).isEqualTo(7);
            assertThat(w.errorSamples()).hasSize(5).allSatisfy(s -> assertThat(s).contains("refused")); // the first five
        }
    }

    @Test
    void requestsHoldEveryKindOfByte() {
        byte[] b = Payloads.randomText(new java.util.Random(1), 4096);
        assertThat(Protocol.upper(b)).isNotEqualTo(b); // lower-case letters to turn
        boolean high = false;
        boolean upperAlready = false;
        for (byte x : b) {
            high |= x < 0;
            upperAlready |= x >= 'A' && x <= 'Z';
        }
        assertThat(high).isTrue();
        assertThat(upperAlready).isTrue();
    }

    /** Waits until at least {@code connections} of the server's connections have read {@code bytes} more than now. */
    private void awaitServerReadMore(int connections, long bytes) {
        List<AtomicLong> counts = List.copyOf(read);
        long[] before = counts.stream().mapToLong(AtomicLong::get).toArray();
        await().atMost(Probes.DEADLINE).pollInterval(Duration.ofMillis(5)).until(() -> {
            int moved = 0;
            for (int i = 0; i < before.length; i++) {
                moved += counts.get(i).get() - before[i] >= bytes ? 1 : 0;
            }
            return moved >= connections;
        });
    }

    /** Runs {@code load} against {@code addr} until the generator stops on a wrong byte. */
    private static LoadGen.MismatchException runUntilItFails(InetSocketAddress addr, Load load) throws Exception {
        try (LoadGen gen = new LoadGen(addr, load, 1)) {
            gen.start();
            try {
                gen.awaitReady(READY, READY);
                gen.go();
            } catch (LoadGen.MismatchException e) {
                return e; // wrong already in the one request before the load
            }
            return awaitMismatch(gen);
        }
    }

    private static LoadGen.MismatchException awaitMismatch(LoadGen gen) {
        return await().atMost(Probes.DEADLINE).pollInterval(Duration.ofMillis(5)).until(() -> {
            try {
                gen.checkMismatch();
                return null;
            } catch (LoadGen.MismatchException e) {
                return e;
            }
        }, Objects::nonNull);
    }
}
