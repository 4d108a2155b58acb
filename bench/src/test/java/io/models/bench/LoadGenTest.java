package io.models.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.protocol.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator checks every byte: against a correct server it counts; against one that
 * answers wrongly it stops with {@link LoadGen.MismatchException}. The servers here are tiny
 * in-process ones, a thread per connection, so only the generator is under test.
 */
class LoadGenTest {

    private final List<AutoCloseable> open = Collections.synchronizedList(new ArrayList<>());

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
                    Thread.ofPlatform().daemon().start(() -> {
                        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                        try (c) {
                            while (c.read(buf.clear()) > 0) {
                                byte[] chunk = new byte[buf.flip().remaining()];
                                buf.get(chunk);
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
        try (LoadGen gen = new LoadGen(addr, Load.mixed(4, 4096, 3), 2)) {
            gen.start();
            assertThat(gen.awaitReady(Duration.ofSeconds(10), Duration.ofSeconds(10))).isTrue();
            gen.go();
            gen.startWindow();
            letTheWindowRun();
            LoadGen.Window w = gen.endWindow();
            assertThat(w.requests()).isPositive();
            assertThat(w.replyBytes()).isEqualTo(w.requests() * 4096);
            assertThat(w.errors()).isZero();
            assertThat(w.starved()).isZero();
            assertThat(w.latency().getTotalCount()).isEqualTo(w.requests());
        }
    }

    @Test
    void aStreamIsCheckedAcrossChunkBoundaries() throws Exception {
        InetSocketAddress addr = server(Protocol::upper);
        try (LoadGen gen = new LoadGen(addr, Load.stream(2, 64 * 1024), 1)) {
            gen.start();
            assertThat(gen.awaitReady(Duration.ofSeconds(10), Duration.ofSeconds(10))).isTrue();
            gen.go();
            gen.startWindow();
            letTheWindowRun();
            LoadGen.Window w = gen.endWindow();
            assertThat(w.replyBytes()).isPositive();
            assertThat(w.errors()).isZero();
        }
    }

    @Test
    void aServerThatDoesNotUpperCaseFailsTheRun() throws Exception {
        InetSocketAddress addr = server(UnaryOperator.identity()); // an echo, not the protocol
        assertTheRunFails(addr, Load.pingPong(2, 64), "expected 0x");
    }

    @Test
    void aServerThatLosesOneByteInAStreamFailsTheRun() throws Exception {
        InetSocketAddress addr = server(chunk -> {
            byte[] up = Protocol.upper(chunk);
            if (up.length > Load.TOUCH_BYTES) {
                up[up.length / 2] ^= 1; // one flipped bit in every chunk of the stream (not in its first request)
            }
            return up;
        });
        assertTheRunFails(addr, Load.stream(1, 64 * 1024), "stream byte");
    }

    @Test
    void aServerThatSendsMoreThanTheRequestFailsTheRun() throws Exception {
        InetSocketAddress addr = server(chunk -> {
            byte[] up = Protocol.upper(chunk);
            byte[] more = java.util.Arrays.copyOf(up, up.length + 1);
            more[up.length] = '!';
            return more;
        });
        assertTheRunFails(addr, Load.pingPong(1, 64), "");
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

    /** A run against {@code addr} stops with a mismatch whose message contains {@code message}. */
    private static void assertTheRunFails(InetSocketAddress addr, Load load, String message) throws Exception {
        try (LoadGen gen = new LoadGen(addr, load, 1)) {
            gen.start();
            assertThatThrownBy(() -> {
                gen.awaitReady(Duration.ofSeconds(10), Duration.ofSeconds(10));
                gen.go();
                gen.startWindow();
                letTheWindowRun();
                gen.endWindow();
            }).isInstanceOf(LoadGen.MismatchException.class).hasMessageContaining(message);
        }
    }

    /**
     * A measured window of half a second: long enough on a loaded machine for the first replies
     * (and so the first mismatch) to come back; the assertions are about what was checked, never
     * about how much was done in the time.
     */
    private static void letTheWindowRun() {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    }
}
