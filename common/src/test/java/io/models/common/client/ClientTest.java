package io.models.common.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.models.common.cli.Cli;
import io.models.common.cli.Commands;
import io.models.common.cli.TestChapter;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The note's client against a real server (common's test model), and against misbehaving ones. */
@Timeout(60)
class ClientTest {

    /** What the client printed, and what it had shown each time it waited for a line. */
    private record Run(int code, String out, String err, List<String> shownWhenWaiting) {
    }

    /**
     * Runs the client on {@code stdin}. Its output goes through a buffer that only its own flushes
     * empty (System.out flushes a line, not a prompt), and its error stream flushes each line as
     * System.err does.
     */
    private static Run client(String stdin, boolean interactive, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> shown = new ArrayList<>();
        BufferedReader lines = new BufferedReader(new StringReader(stdin)) {
            @Override
            public String readLine() throws IOException {
                shown.add(out.toString(StandardCharsets.UTF_8));
                return super.readLine();
            }
        };
        Client c = new Client(lines, new PrintStream(new BufferedOutputStream(out), false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), interactive);
        // Every run here ends by itself, at the end of its input (in milliseconds): one that does not
        // fails after 5 s instead of hanging.
        int code = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Cli.execute(c, args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), shown);
    }

    private static String[] port(int port, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "--port";
        args[1] = String.valueOf(port);
        System.arraycopy(more, 0, args, 2, more.length);
        return args;
    }

    private static EchoServer started() throws IOException {
        EchoServer server = new BaseServer(ServerConfig.anyPort(), new TestChapter.ThreadPerConnection());
        server.start();
        return server;
    }

    @Test
    void sendPrintsTheReply() throws IOException {
        try (EchoServer server = started()) {
            Run r = client("ignored\n", false, port(server.port(), "--send", "hello 世界"));
            assertThat(r.code()).isZero();
            assertThat(r.out()).isEqualTo("HELLO 世界" + System.lineSeparator());
            assertThat(r.err()).isEmpty();
            assertThat(server.stats().bytesIn()).as("only what --send says").isEqualTo("hello 世界".getBytes(
                    StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void pipedLinesAreSentOneByOneEmptyOnesSkippedNoPrompt() throws IOException {
        try (EchoServer server = started()) {
            Run r = client("abc\n\n   \n  def  \n", false, port(server.port()));
            assertThat(r.code()).isZero();
            String n = System.lineSeparator();
            assertThat(r.out()).isEqualTo("ABC" + n + "DEF" + n);
            assertThat(r.shownWhenWaiting()).as("each reply shown before the next line is read")
                    .containsExactly("", "ABC" + n, "ABC" + n, "ABC" + n, "ABC" + n + "DEF" + n);
            assertThat(r.err()).isEmpty();
            assertThat(server.stats().bytesIn()).isEqualTo(6);
        }
    }

    @Test
    void aPersonGetsThePrompt() throws IOException {
        try (EchoServer server = started()) {
            Run r = client("hi\n", true, port(server.port()));
            assertThat(r.out()).isEqualTo(">>: HI" + System.lineSeparator() + ">>: ");
            assertThat(r.shownWhenWaiting()).as("the prompt is on the screen while the client waits for a line")
                    .containsExactly(">>: ", ">>: HI" + System.lineSeparator() + ">>: ");
        }
    }

    @Test
    void aReplyLongerThanTheNotes1024BytesComesBackWhole() throws IOException {
        String line = "abcdefghij".repeat(200_000); // 2 MB: the note's recv(1024) would print 1024 bytes
        try (EchoServer server = started()) {
            Run r = client(line + "\n", false, port(server.port()));
            assertThat(r.code()).isZero();
            assertThat(r.out().strip()).hasSize(line.length()).isEqualTo(line.toUpperCase(Locale.ROOT));
        }
    }

    @Test
    void noServerIsOneClearLineAndExitCode1() throws IOException {
        int port;
        try (ServerSocketChannel free = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) free.getLocalAddress()).getPort();
        }
        Run r = client("", false, port(port, "--send", "x"));
        assertThat(r.code()).isEqualTo(Cli.FAILED);
        assertThat(r.err()).startsWith("client: cannot connect to 127.0.0.1:" + port).contains("is the server running?");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void aHostThatDoesNotResolveIsOneLineAndExitCode2() {
        Commands.Run run = Commands.execute(new Client(new BufferedReader(new StringReader("")), System.out,
                System.err, false), "--host", "nosuchhost.invalid", "--send", "x");
        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.err().lines().findFirst()).get().asString()
                .contains("'nosuchhost.invalid' does not resolve to an address").doesNotContain("Exception");
        assertThat(run.err()).contains("Usage: client").doesNotContain("\tat ");
    }

    /** The same through {@code main}, in a JVM of its own: the exit code is the process's. */
    @Test
    void theMainExitsWithTheCodeOfTheRun() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Client.class.getName(),
                "--host", "nosuchhost.invalid", "--send", "x").redirectErrorStream(true).start();
        p.getOutputStream().close();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Cli.USAGE);
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(0)).contains("'nosuchhost.invalid' does not resolve to an address");
        assertThat(String.join("\n", lines)).doesNotContain("\tat ", "Exception");
    }

    @Test
    void aServerThatClosesMidReplyIsOneClearLineAndExitCode1() throws Exception {
        Run r = againstFakeServer(conn -> {
            writeSome(conn, "HEL");
            close(conn);
        });
        assertThat(r.code()).isEqualTo(Cli.FAILED);
        assertThat(r.err()).isEqualTo("client: the server closed the connection after 3 of 5 reply bytes" + System.lineSeparator());
    }

    @Test
    void aServerThatResetsMidReplyIsOneClearLineAndExitCode1() throws Exception {
        Run r = againstFakeServer(conn -> {
            writeSome(conn, "HE");
            try {
                conn.setOption(StandardSocketOptions.SO_LINGER, 0); // close() sends RST
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            close(conn);
        });
        assertThat(r.code()).isEqualTo(Cli.FAILED);
        assertThat(r.err()).startsWith("client: connection to 127.0.0.1:").doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(1);
    }

    /** A server that reads the request and then does {@code misbehave} with the connection. */
    private static Run againstFakeServer(Consumer<SocketChannel> misbehave) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            CompletableFuture<Void> fake = CompletableFuture.runAsync(() -> {
                try {
                    SocketChannel conn = listener.accept();
                    conn.read(ByteBuffer.allocate(5));
                    misbehave.accept(conn);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Run r = client("", false, port(port, "--send", "hello"));
            fake.get(30, TimeUnit.SECONDS);
            return r;
        }
    }

    private static void writeSome(SocketChannel conn, String s) {
        try {
            conn.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void close(SocketChannel conn) {
        try {
            conn.close();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    // ---- Exchange, below the client ----

    /** A connected pair over a listener of the test's own: the client's end, the server's end. */
    private record Pair(SocketChannel client, SocketChannel server) implements AutoCloseable {
        static Pair open(int bufferBytes) throws IOException {
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.setOption(StandardSocketOptions.SO_RCVBUF, bufferBytes);
                listener.bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel client = SocketChannel.open();
                client.setOption(StandardSocketOptions.SO_SNDBUF, bufferBytes);
                client.connect(listener.getLocalAddress());
                return new Pair(client, listener.accept());
            }
        }

        @Override
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    @Test
    void aShortReplySaysHowMuchCameOfHowMuch() throws IOException {
        try (Pair pair = Pair.open(64 * 1024)) {
            pair.server().write(ByteBuffer.wrap("HEL".getBytes(StandardCharsets.US_ASCII)));
            pair.server().close();
            Exchange.ShortReplyException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    Exchange.ShortReplyException.class, () -> Exchange.readFully(pair.client(), ByteBuffer.allocate(5)));
            assertThat(e.received()).isEqualTo(3);
            assertThat(e.expected()).isEqualTo(5);
            assertThat(e).hasMessage("the server closed the connection after 3 of 5 reply bytes");
        }
    }

    @Test
    void whenSendingFailsTheRoundTripFailsWithItsCauseEvenIfTheReplyCame() throws IOException {
        try (Pair pair = Pair.open(64 * 1024)) {
            pair.server().write(ByteBuffer.wrap("HELLO".getBytes(StandardCharsets.US_ASCII))); // replies unasked
            pair.client().shutdownOutput(); // so the request cannot be sent
            assertThatThrownBy(() -> Exchange.roundTrip(pair.client(), "hello".getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOf(ClosedChannelException.class);
        }
    }

    /**
     * A server that sends the whole reply without reading the request: the reply is in, the request
     * is still being sent, and the reading thread waits for the sending one. Interrupted there, the
     * round trip fails, and the interrupt is kept for the caller.
     */
    @Test
    void interruptedWhileTheRequestIsStillBeingSentFailsAndKeepsTheInterrupt() throws Exception {
        byte[] request = new byte[1024 * 1024]; // far more than the kernel's buffers between the two hold
        try (Pair pair = Pair.open(16 * 1024)) {
            Thread replying = Thread.ofVirtual().start(() -> {
                try {
                    pair.server().write(ByteBuffer.wrap(new byte[request.length]));
                } catch (IOException e) {
                    // the test has closed the pair
                }
            });
            Thread caller = Thread.currentThread();
            Thread interrupter = Thread.ofVirtual().start(() -> {
                await().atMost(Duration.ofSeconds(30)).until(() -> caller.getState() == Thread.State.WAITING);
                caller.interrupt();
            });
            assertThatThrownBy(() -> Exchange.roundTrip(pair.client(), request)).isInstanceOf(IOException.class)
                    .hasMessage("interrupted");
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
            interrupter.join();
            replying.join();
        }
    }
}
