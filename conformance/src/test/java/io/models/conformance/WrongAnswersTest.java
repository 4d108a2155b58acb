package io.models.conformance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.models.common.protocol.Protocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wrong answers of exercises/TEACHING.md, each as a small server with that one mistake, and
 * the case that catches it: the teacher's table, proven. (The mistakes a chapter or the note's
 * Python make are proven where those run: ChaptersConformanceTest, NotesPythonTest.)
 * Each runs only the case that catches it, with {@code --wait 2}: its failures are silences.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WrongAnswersTest {

    record Mistake(String what, WrongServer.Handler handler, String caughtBy, String reasonContains) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Mistake> mistakes() {
        return Stream.of(
                new Mistake("toUpperCase on the bytes as Latin-1 text", conn -> echo(conn,
                        b -> new String(b, ISO_8859_1).toUpperCase(Locale.ROOT).getBytes(ISO_8859_1)),
                        "every-byte", "only ASCII a-z may change"),
                new Mistake("new String(chunk, UTF_8).toUpperCase() per read", conn -> echo(conn,
                        b -> new String(b, UTF_8).toUpperCase(Locale.ROOT).getBytes(UTF_8)),
                        "every-byte", "differs at byte 128"),
                new Mistake("a suffix on every reply, the note's _SB", conn -> echo(conn,
                        b -> concat(Protocol.upper(b), "_SB".getBytes(UTF_8))),
                        "every-byte", "longer than the request"),
                // Bytes lost in the middle ("differs at byte N"), or all those after the buffers filled (it stops short).
                new Mistake("one write that drops what the socket did not take", WrongAnswersTest::oneWriteDropsTheRest,
                        "slow-reader", "the reply after 2 s without reading"),
                new Mistake("no close() after the client has finished", WrongAnswersTest::neverCloses,
                        "half-close", "no end of stream"),
                new Mistake("the connection to write to kept in a field all connections share",
                        WrongAnswersTest::writesToTheLatestClient, "concurrent-100", "did not get their own reply"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void theCaseThatCatchesIt(Mistake m) throws Exception {
        try (WrongServer server = WrongServer.start(m.handler())) {
            CheckRun run = CheckRun.against(server.port(), null, List.of("--cases", m.caughtBy(), "--wait", "2"));
            Expect.allPass().fails(m.caughtBy(), m.reasonContains(), m.what())
                    .assertMatches(m.what(), List.of(m.caughtBy()), run);
        }
    }

    interface Transform {
        byte[] apply(byte[] chunk);
    }

    /** Reads, transforms each chunk as it came, writes it all back, until the end; then closes. */
    static void echo(SocketChannel conn, Transform t) throws IOException {
        try (conn) {
            ByteBuffer buf = ByteBuffer.allocate(1024);
            while (conn.read(buf) >= 0) {
                byte[] chunk = new byte[buf.flip().remaining()];
                buf.get(chunk).clear();
                ByteBuffer out = ByteBuffer.wrap(t.apply(chunk));
                while (out.hasRemaining()) {
                    conn.write(out);
                }
            }
        }
    }

    /** "One write and straight back to reading": what a non-blocking write does not take is lost. */
    static void oneWriteDropsTheRest(SocketChannel conn) throws IOException {
        try (conn) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (conn.read(buf) >= 0) {
                buf.flip();
                Protocol.upper(buf);
                conn.configureBlocking(false);
                conn.write(buf); // takes what fits in the socket's buffer, maybe nothing
                conn.configureBlocking(true);
                buf.clear(); // the rest: gone
            }
        }
    }

    /** Echoes until the end of stream, then leaves the connection open: the client never reads its end. */
    static void neverCloses(SocketChannel conn) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (conn.read(buf) >= 0) {
            buf.flip();
            Protocol.upper(buf);
            while (buf.hasRemaining()) {
                conn.write(buf);
            }
            buf.clear();
        }
        // no conn.close(): WrongServer closes it when the test ends
    }

    private static final AtomicReference<SocketChannel> latest = new AtomicReference<>();

    /**
     * Per-connection state in a field every connection shares: replies go to the latest client.
     * Before a reply it gives the other clients up to 0.2 s to arrive, as on any busy server, so
     * the bug shows however this machine schedules the test (on a loaded one, each connection
     * could otherwise be served before the next is accepted, and the field would look right).
     */
    static void writesToTheLatestClient(SocketChannel conn) throws IOException {
        latest.set(conn);
        try (conn) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (conn.read(buf) >= 0) {
                buf.flip();
                Protocol.upper(buf);
                long until = System.nanoTime() + 200_000_000L;
                while (latest.get() == conn && System.nanoTime() - until < 0) {
                    LockSupport.parkNanos(1_000_000);
                }
                SocketChannel to = latest.get(); // the shared field
                synchronized (to) {
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                }
                buf.clear();
            }
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
