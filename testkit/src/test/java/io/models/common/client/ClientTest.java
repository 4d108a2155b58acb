package io.models.common.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.cli.Cli;
import io.models.common.client.Client;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ChildServer;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.testkit.ReferenceModel;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The note's client against real servers: the reference one, and misbehaving ones. */
@Timeout(60)
class ClientTest {

    private record Run(int code, String out, String err) {
    }

    private static Run client(String stdin, boolean interactive, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Client c = new Client(new BufferedReader(new StringReader(stdin)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                interactive);
        int code = Cli.execute(c, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] port(int port, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "--port";
        args[1] = String.valueOf(port);
        System.arraycopy(more, 0, args, 2, more.length);
        return args;
    }

    @Test
    void sendPrintsTheReply() throws IOException {
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new ReferenceModel())) {
            server.start();
            Run r = client("", false, port(server.port(), "--send", "hello 世界"));
            assertThat(r.code()).isZero();
            assertThat(r.out()).isEqualTo("HELLO 世界" + System.lineSeparator());
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void pipedLinesAreSentOneByOneEmptyOnesSkippedNoPrompt() throws IOException {
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new ReferenceModel())) {
            server.start();
            Run r = client("abc\n\n   \n  def  \n", false, port(server.port()));
            assertThat(r.code()).isZero();
            assertThat(r.out()).isEqualTo("ABC" + System.lineSeparator() + "DEF" + System.lineSeparator());
            assertThat(server.stats().bytesIn()).isEqualTo(6);
        }
    }

    @Test
    void aPersonGetsThePrompt() throws IOException {
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new ReferenceModel())) {
            server.start();
            Run r = client("hi\n", true, port(server.port()));
            assertThat(r.out()).isEqualTo(">>: HI" + System.lineSeparator() + ">>: ");
        }
    }

    @Test
    void aReplyLongerThanTheNotes1024BytesComesBackWhole() throws IOException {
        String line = "abcdefghij".repeat(200_000); // 2 MB: the note's recv(1024) would print 1024 bytes
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new ReferenceModel())) {
            server.start();
            Run r = client(line + "\n", false, port(server.port()));
            assertThat(r.code()).isZero();
            assertThat(r.out().strip()).hasSize(line.length()).isEqualTo(line.toUpperCase(java.util.Locale.ROOT));
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
    void aHostThatDoesNotResolveIsOneLineAndExitCode2() throws Exception {
        ChildServer.Run run = ChildServer.of(Client.class).args("--host", "nosuchhost.invalid", "--send", "x").run();
        assertThat(run.exitCode()).isEqualTo(Cli.USAGE);
        assertThat(run.lines()).isNotEmpty();
        assertThat(run.lines().get(0)).contains("'nosuchhost.invalid' does not resolve to an address")
                .doesNotContain("Exception");
        assertThat(String.join("\n", run.lines())).doesNotContain("\tat ");
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
        assertThat(r.err()).startsWith("client: ").doesNotContain("\tat ");
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
}
