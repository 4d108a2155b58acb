package io.models.concepts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 粘包/拆包: "does TCP merge and split messages, and does a demo need framing?" (jenly1314/ANetty#5,
 * doocs/source-code-hunter#89). TCP carries a stream of bytes, not messages. The kernel keeps no
 * boundary between two writes: one read can return many writes (粘包, "stuck together"), and one
 * write can take many reads (拆包, "taken apart"). Neither is a TCP term: they name what a program
 * that expected messages sees. The note's client, with its one {@code recv(1024)} per line, is that
 * program. The note's protocol needs no framing, because each reply is as long as its request; a
 * protocol whose answer depends on the whole line needs to find the line's end.
 *
 * <p>What is asserted does not depend on timing: where a read must see several writes, the test
 * first waits until the reader's receive buffer holds all of them (FIONREAD, Java's
 * {@code available()}), then reads once. What depends on when ACKs come back (into how many
 * segments the sender's kernel cuts the writes, and how many reads a reader that keeps up needs, with
 * and without Nagle's algorithm) is printed, not asserted.
 *
 * <p>The margins that depend on the scheduler, each stated both ways. Five runs of this class on the
 * shared 2-core machine, at load averages from 11 to 50, all passed; the slowest method took 38 s.
 * <ul>
 * <li>Waiting for bytes to be queued, or for the reader to be asleep ({@link Watch#until}, 30 s):
 * too short would fail a right run when the machine is slow to schedule the writer; longer only
 * delays the failure of a wrong one, since the condition is an exact byte count or the kernel's
 * state, never "long enough".</li>
 * <li>The note's Python client ({@link #PYTHON}): starting python3 through a version manager's shim
 * took most of that 38 s at a load average of 50, so it gets more than the class's 120 s; too long
 * only delays a failure (the client's output is checked, not its speed).</li>
 * <li>Waiting for a process that has closed its output to exit (30 s), and for {@code ss} (30 s): a
 * process in its exit path; if {@code ss} is late, its figure is printed as "?", nothing fails.</li>
 * </ul>
 */
@Timeout(120)
class ByteStreamTest {

    static final int MESSAGES = 100;
    static final int MIB = 1 << 20;

    /** The reader's receive buffer for the split: set before the connection exists, so the kernel does not grow it. */
    static final int RECEIVE_BUFFER = 64 * 1024;

    static final Path NOTES = Path.of("..", "notes", "python").toAbsolutePath().normalize();

    /**
     * 粘包: 100 writes of 11 bytes, each its own write() call, read back in ONE read, with Nagle's
     * algorithm on and off. Stable: the reader reads only once its receive buffer holds all 1,100
     * bytes, and a read returns whatever is there, up to the buffer's size. So TCP_NODELAY does not
     * stop the merging: it only changes how the sender cuts segments. Then, printed: into how many
     * segments the writes went, and how many reads they took, to a reader that reads as they come.
     */
    @ParameterizedTest(name = "TCP_NODELAY {0}")
    @ValueSource(booleans = {true, false})
    void smallWritesComeBackInOneRead(boolean noDelay) throws Exception {
        byte[] sent = messages();
        try (Loopback c = Loopback.open()) {
            c.client().setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
            int writes = writeEachMessage(c.client());
            byte[] read = readOnceWhenQueued(c.server(), sent.length);

            assertThat(writes).as("write() calls").isEqualTo(MESSAGES);
            assertThat(read).as("what ONE read() returned after %d writes", writes).isEqualTo(sent);
            System.out.printf("TCP_NODELAY %s: %d writes of %d bytes came back in 1 read of %,d bytes%n",
                    noDelay, writes, sent.length / MESSAGES, read.length);
        }
        int[] keptUp = sentAndReadWhileTheReaderKeepsUp(noDelay);
        System.out.printf("TCP_NODELAY %s: to a reader that reads as the bytes come (its ACKs delayed), the %d writes"
                + " went out in %s segments and took %d reads (shown, not asserted: it depends on when ACKs come back)%n",
                noDelay, MESSAGES, keptUp[0] < 0 ? "? (no ss here to ask)" : String.valueOf(keptUp[0]), keptUp[1]);
    }

    /**
     * 拆包: ONE write() call of 1 MiB, read with the note's 1024-byte buffer, then with a buffer as
     * large as the whole write. Both take many reads. The small buffer needs at least 1,024 of them,
     * since a read returns at most the buffer's size. The large one needs more than one, because the
     * reader's receive buffer (64 KiB asked for) cannot hold 1 MiB: the kernel hands the write over in
     * pieces, as the reader makes room. Stable: both bounds follow from the sizes, not from timing.
     */
    @ParameterizedTest(name = "read with a buffer of {0} bytes")
    @ValueSource(ints = {1024, MIB})
    void oneLargeWriteTakesManyReads(int bufferSize) throws Exception {
        byte[] sent = letters(MIB, new Random(bufferSize));
        try (Loopback c = withReceiveBuffer(RECEIVE_BUFFER)) {
            int[] written = {-1};
            Watched writer = Watched.platform("writer", () -> written[0] = c.client().write(ByteBuffer.wrap(sent)));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(bufferSize);
            int reads = 0;
            int most = 0;
            while (got.size() < sent.length) {
                buf.clear();
                int n = c.server().read(buf); // data = conn.recv(bufferSize)
                assertThat(n).as("read() after %,d bytes", got.size()).isPositive();
                got.write(buf.array(), 0, n);
                reads++;
                most = Math.max(most, n);
            }
            writer.join();

            assertThat(written[0]).as("what one write() call took").isEqualTo(sent.length);
            assertThat(got.toByteArray()).as("the bytes, in order").isEqualTo(sent);
            assertThat(reads).as("reads for one write of %,d bytes, with a %,d-byte buffer", sent.length, bufferSize)
                    .isGreaterThanOrEqualTo(Math.max(2, sent.length / bufferSize));
            assertThat(most).as("the most one read returned").isLessThan(sent.length);
            System.out.printf("1 write of %,d bytes, read with a %,d-byte buffer: %,d reads, the largest %,d bytes%n",
                    sent.length, bufferSize, reads, most);
        }
    }

    /**
     * The note's client (二), rendered in Java line by line: it sends a line and calls recv(1024)
     * ONCE. A line of 1,500 bytes gets a reply of 1,500 bytes, of which that recv returns at most
     * 1,024. The rest stays in the socket, and the next line's recv returns it: the client prints the
     * end of the first reply against the second line. Stable: TCP keeps the bytes in order, so the
     * next bytes after the first recv are the rest of the first reply, however the stream was cut.
     */
    @Test
    void theNotesClientPrintsTheRestOfALongReplyAgainstTheNextLine() throws Exception {
        try (NoteServer server = NoteServer.start()) {
            List<String> printed = replies(notesClient(server.port(), List.of("x".repeat(1500), "hello")));
            assertPrintedAgainstTheWrongLine("the note's client in Java", printed);
        }
    }

    /** How long the test with the note's Python client may take: see the class's margins. */
    static final int PYTHON = 300;

    /** The same with the note's own client, notes/python/2_client.py, under python3. */
    @Test
    @Timeout(PYTHON)
    void theNotesOwnPythonClientDoesTheSame() throws Exception {
        assumeTrue(python3(), "python3 is not installed: the note's client cannot run");
        try (NoteServer server = NoteServer.start()) {
            ProcessBuilder pb = new ProcessBuilder("python3", "-u", NOTES.resolve("2_client.py").toString(),
                    String.valueOf(server.port())).redirectErrorStream(true);
            pb.environment().put("PYTHONIOENCODING", "utf-8");
            Process p = pb.start();
            p.getOutputStream().write(("x".repeat(1500) + "\nhello\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close(); // then input() raises EOFError: the note's loop has no other way out
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("2_client.py ends at the end of its input").isTrue();
            assertThat(out).as("what 2_client.py printed").contains("EOFError");
            assertPrintedAgainstTheWrongLine("2_client.py", replies(out));
        }
    }

    /**
     * Why the note's protocol needs no framing: each reply is its request in capitals, byte for byte,
     * so the capitals of a piece are a piece of the reply, and the reply is as long as the request.
     * The note's server answers each recv(1024) on its own, and the client writes each request in
     * random pieces; a client that reads until it has as many bytes as it sent gets exactly its
     * reply every time, however the stream was cut (the server needed more reads than there were
     * requests).
     */
    @Test
    void aReplyAsLongAsItsRequestNeedsNoFraming() throws Exception {
        Random random = new Random(25);
        List<byte[]> requests = List.of(letters(1500, random), letters(1, random), letters(100_000, random),
                "hello\n".getBytes(StandardCharsets.US_ASCII));
        try (NoteServer server = NoteServer.start();
             SocketChannel client = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()))) {
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            for (byte[] request : requests) {
                Watched writer = Watched.platform("client-writer", () -> writeInPieces(client, request, random));
                byte[] reply = readExactly(client, request.length); // as many bytes as were sent
                writer.join();
                assertThat(reply).as("the reply to a request of %,d bytes", request.length).isEqualTo(Protocol.upper(request));
            }
            assertThat(server.reads().get()).as("the server's reads for %d requests", requests.size()).isGreaterThan(requests.size());
        }
    }

    /**
     * Why a line protocol does need it. The test cuts the stream itself: it reads only once the
     * receive buffer holds what it wants the read to see. Two lines arrive in one read (粘包), then
     * half a line, then its end (拆包). A server that answers each read as if it were a line gets the
     * reverse of each line wrong; one that looks for the newline and keeps the rest gets it right.
     * Capitals are right even per read: they need no line.
     */
    @Test
    void aLineProtocolNeedsToFindTheNewline() throws Exception {
        List<byte[]> reads = new ArrayList<>();
        try (Loopback c = Loopback.open()) {
            c.send("abc\n");
            c.send("def\n");
            reads.add(readOnceWhenQueued(c.server(), 8)); // two writes, two lines, one read
            c.send("gh");
            reads.add(readOnceWhenQueued(c.server(), 2)); // half a line
            c.send("i\n");
            reads.add(readOnceWhenQueued(c.server(), 2)); // and its end
        }
        assertThat(reads).extracting(ByteStreamTest::ascii).containsExactly("abc\ndef\n", "gh", "i\n");

        assertThat(answer(reads, Protocol::upper)).as("capitals, each read on its own").isEqualTo("ABC\nDEF\nGHI\n");
        assertThat(answer(reads, ByteStreamTest::reverseLine)).as("each read taken for a line")
                .isEqualTo("fed\ncba\nhg\ni\n");
        assertThat(answer(reads, new LineServer())).as("lines found by their newline").isEqualTo("cba\nfed\nihg\n");
    }

    // --- the note's client and server ---

    /**
     * The note's client of 二, line by line: {@code client.send(cmd.encode('utf-8'))}, then
     * {@code data = client.recv(1024)} once, then {@code print('接受的是:%s'%data.decode('utf-8'))}.
     * Returns what it printed, prompts included.
     */
    static String notesClient(int port, List<String> lines) throws IOException {
        StringBuilder printed = new StringBuilder();
        // client = socket(AF_INET,SOCK_STREAM); client.connect(('127.0.0.1',8080))
        try (SocketChannel client = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            for (String cmd : lines) { // while True: cmd = input('>>:').strip()
                printed.append(">>:");
                client.write(ByteBuffer.wrap(cmd.getBytes(StandardCharsets.UTF_8))); // client.send(cmd.encode('utf-8'))
                ByteBuffer data = ByteBuffer.allocate(1024); // data = client.recv(1024)
                client.read(data);
                printed.append("接受的是:").append(new String(data.array(), 0, data.position(), StandardCharsets.UTF_8))
                        .append('\n'); // print('接受的是:%s'%data.decode('utf-8'))
            }
        }
        return printed.toString();
    }

    /**
     * The note's server of 二 for one client, in Java: {@code data = conn.recv(1024)},
     * {@code conn.send(data.upper())}, over and over; it stops at the end of the stream (the note's
     * would loop on {@code b''}), or when the client resets, as the note's {@code except Exception:
     * break}. It counts its reads.
     */
    record NoteServer(ServerSocketChannel listener, Watched thread, AtomicInteger reads) implements AutoCloseable {

        static NoteServer start() throws IOException {
            ServerSocketChannel listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            AtomicInteger reads = new AtomicInteger();
            Watched thread = Watched.platform("note-server", () -> {
                try (SocketChannel conn = listener.accept()) { // conn,addr = server.accept()
                    while (true) { // while True:
                        try { // try:
                            ByteBuffer data = ByteBuffer.allocate(1024); // data = conn.recv(1024)
                            if (conn.read(data) < 0) {
                                break; // (not in the note: b'' would loop for ever)
                            }
                            reads.incrementAndGet();
                            conn.write(ByteBuffer.wrap(Protocol.upper(Arrays.copyOf(data.array(), data.position())))); // conn.send(data.upper())
                        } catch (IOException e) { // except Exception: a client that closes with a reply unread resets
                            break; // break
                        }
                    }
                }
            });
            return new NoteServer(listener, thread, reads);
        }

        int port() throws IOException {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        }

        @Override
        public void close() throws Exception {
            listener.close(); // ends an accept still waiting, if the client never came
            thread.join();
        }
    }

    /** What the client printed after each 接受的是: (one entry per line it typed). */
    static List<String> replies(String printed) {
        List<String> replies = new ArrayList<>();
        Matcher m = Pattern.compile("接受的是:(.*)").matcher(printed);
        while (m.find()) {
            replies.add(m.group(1));
        }
        return replies;
    }

    /** Typed: 1,500 x, then hello. Printed: a part of the 1,500 X, then, against hello, more X. */
    private static void assertPrintedAgainstTheWrongLine(String client, List<String> printed) {
        assertThat(printed).as("one reply printed per line typed").hasSize(2);
        String rest = printed.get(1).replaceAll("^X+", "");
        System.out.printf("%s printed, for the line of 1,500 x: %,d X; for hello: %,d X%s%n", client,
                printed.get(0).length(), printed.get(1).length() - rest.length(), rest.isEmpty() ? "" : ", then " + rest);
        assertThat(printed.get(0)).as("printed for the line of 1,500 x: at most 1,024 X, not 1,500")
                .matches("X{1,1024}");
        assertThat(printed.get(1)).as("printed for 'hello': the rest of the first reply").startsWith("X")
                .isNotEqualTo("HELLO");
    }

    // --- what a server does with each read ---

    /** What a server answers to these reads, in order, when it answers each read as it comes. */
    static String answer(List<byte[]> reads, UnaryOperator<byte[]> server) {
        StringBuilder out = new StringBuilder();
        for (byte[] read : reads) {
            out.append(ascii(server.apply(read)));
        }
        return out.toString();
    }

    /** A line protocol answered per read: the read, taken for one line, reversed. */
    static byte[] reverseLine(byte[] read) {
        String line = ascii(read);
        line = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        return (new StringBuilder(line).reverse() + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The same protocol with framing: keeps what it has read until a newline ends the line, then answers it. */
    static final class LineServer implements UnaryOperator<byte[]> {
        private final StringBuilder pending = new StringBuilder();

        @Override
        public byte[] apply(byte[] read) {
            pending.append(ascii(read));
            StringBuilder out = new StringBuilder();
            for (int end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
                out.append(new StringBuilder(pending.substring(0, end)).reverse()).append('\n');
                pending.delete(0, end + 1);
            }
            return out.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    // --- sockets ---

    /** "message 00\n" to "message 99\n". */
    static byte[] messages() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < MESSAGES; i++) {
            all.append("message %02d\n".formatted(i));
        }
        return all.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Each message by its own write() call, back to back; returns the number of calls. */
    static int writeEachMessage(SocketChannel out) throws IOException {
        byte[] all = messages();
        int size = all.length / MESSAGES;
        int writes = 0;
        for (int off = 0; off < all.length; off += size) {
            int n = out.write(ByteBuffer.wrap(all, off, size)); // blocking: takes all 11 bytes
            assertThat(n).as("bytes one write() took").isEqualTo(size);
            writes++;
        }
        return writes;
    }

    /** Waits until {@code in}'s receive buffer holds {@code bytes} bytes, then reads ONCE, with room for more. */
    static byte[] readOnceWhenQueued(SocketChannel in, int bytes) throws IOException {
        Watch.until("%,d bytes in the reader's receive buffer".formatted(bytes), () -> queued(in) == bytes);
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        int n = in.read(buf);
        return Arrays.copyOf(buf.array(), Math.max(n, 0));
    }

    /** The bytes in a blocking channel's receive buffer now (ioctl FIONREAD); -1 if it cannot be read. */
    static int queued(SocketChannel in) {
        try {
            return in.socket().getInputStream().available();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * How a writer's {@link #MESSAGES} small writes go to a reader that reads as the bytes come: the
     * data segments the writer's kernel sent ({@link #dataSegmentsSent}, -1 if it cannot say) and the
     * reads the reader needed. The reader delays its ACKs (TCP_QUICKACK off before each read), since
     * Nagle's algorithm waits for ACKs: with it on, the writer's kernel holds each small write while
     * data it has sent is not acknowledged, and sends what it holds together.
     */
    static int[] sentAndReadWhileTheReaderKeepsUp(boolean noDelay) throws Exception {
        byte[] sent = messages();
        try (Loopback c = Loopback.open()) {
            c.client().setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
            boolean delayAcks = c.server().supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
            int[] reads = {0};
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            Watched reader = Watched.platform("reader", () -> {
                ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                while (got.size() < sent.length) {
                    if (delayAcks) {
                        c.server().setOption(ExtendedSocketOptions.TCP_QUICKACK, false);
                    }
                    buf.clear();
                    int n = c.server().read(buf);
                    if (n < 0) {
                        break;
                    }
                    got.write(buf.array(), 0, n);
                    reads[0]++;
                }
            });
            Watch.until("the reader asleep in read()", () -> Watch.asleepInNativeCode(reader));
            writeEachMessage(c.client());
            reader.join();
            assertThat(got.toByteArray()).as("the bytes, in order").isEqualTo(sent);
            return new int[] {dataSegmentsSent((InetSocketAddress) c.client().getLocalAddress()), reads[0]};
        }
    }

    /**
     * The segments with data the kernel has sent from {@code local}: {@code data_segs_out} of its
     * {@code tcp_info}, as {@code ss -ti} prints it; -1 where ss is missing or does not say.
     */
    static int dataSegmentsSent(InetSocketAddress local) {
        try {
            Process p = new ProcessBuilder("ss", "-tin", "src", local.getAddress().getHostAddress() + ":" + local.getPort())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            Matcher m = Pattern.compile("data_segs_out:(\\d+)").matcher(out);
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A loopback connection whose reading end has a receive buffer of {@code bytes}, set before it is connected. */
    static Loopback withReceiveBuffer(int bytes) throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.setOption(StandardSocketOptions.SO_RCVBUF, bytes); // the accepted socket inherits it
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            try {
                return new Loopback(client, listener.accept());
            } catch (IOException e) {
                client.close();
                throw e;
            }
        }
    }

    /** Writes {@code bytes} in pieces of 1 to 4,096 bytes, each its own write() call. */
    static void writeInPieces(SocketChannel out, byte[] bytes, Random random) throws IOException {
        for (int off = 0; off < bytes.length; ) {
            int n = Math.min(bytes.length - off, 1 + random.nextInt(4096));
            ByteBuffer piece = ByteBuffer.wrap(bytes, off, n);
            while (piece.hasRemaining()) {
                out.write(piece);
            }
            off += n;
        }
    }

    /** Reads until {@code length} bytes have come: the client that knows how long its reply is. */
    static byte[] readExactly(SocketChannel in, int length) throws IOException {
        ByteBuffer reply = ByteBuffer.allocate(length);
        while (reply.hasRemaining()) {
            if (in.read(reply) < 0) {
                throw new IOException("the stream ended after " + reply.position() + " of " + length + " bytes");
            }
        }
        return reply.array();
    }

    static byte[] letters(int n, Random random) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + random.nextInt(26));
        }
        return b;
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    static boolean python3() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
