package io.models.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.Model;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerContext;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ServerLauncherTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static EchoServer server(ServerConfig config) {
        return new BaseServer(config, new TestChapter.ThreadPerConnection());
    }

    /**
     * Serves with a standard output that does not flush itself (what the launcher does not flush is
     * not seen), and an error stream that flushes each line as {@code System.err} does.
     */
    private int serve(EchoServer server, ServerConfig config, CountDownLatch stop, CountDownLatch stopped) {
        return ServerLauncher.serve(server, config, "a test model",
                new PrintStream(new BufferedOutputStream(out), false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), stop, stopped);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String roundTrip(int port, String text) throws IOException {
        try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            c.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer reply = ByteBuffer.allocate(text.length());
            while (reply.hasRemaining() && c.read(reply) >= 0) {
                // until the whole reply is in
            }
            return new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
        }
    }

    /**
     * Ctrl-C, as the launcher waits for it: when the launcher waits, this looks at what it has said
     * and whether it serves, then stops it. No thread, no sleep: the launcher calls it.
     */
    private final class CtrlC extends CountDownLatch {
        private final EchoServer server;
        int port;
        String saidWhileServing;
        String replyWhileServing;

        CtrlC(EchoServer server) {
            super(1);
            this.server = server;
        }

        @Override
        public void await() throws InterruptedException {
            saidWhileServing = out();
            port = server.port();
            try {
                replyWhileServing = roundTrip(port, "hi");
            } catch (IOException e) {
                replyWhileServing = e.toString();
            }
            // The server has seen the client leave (so the counters it prints are final), then Ctrl-C.
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().closed() == 1);
            countDown();
        }
    }

    @Test
    void bannerThenServesUntilStoppedThenClosesAndReports() throws IOException {
        EchoServer server = server(ServerConfig.anyPort());
        CtrlC ctrlC = new CtrlC(server);
        CountDownLatch stopped = new CountDownLatch(1);
        assertThat(serve(server, ServerConfig.anyPort(), ctrlC, stopped)).isZero();
        assertThat(ctrlC.saidWhileServing).as("the banner, said before it waits")
                .contains("test: a test model", "listening on 127.0.0.1:" + ctrlC.port,
                        "io.models.common.client.Client --host 127.0.0.1 --port " + ctrlC.port,
                        "Ctrl-C stops the server.")
                .doesNotContain("warning", "stopped");
        assertThat(ctrlC.replyWhileServing).isEqualTo("HI");
        assertThat(stopped.getCount()).isZero();
        assertThat(out()).as("said once it has stopped").endsWith(System.lineSeparator()
                + "test stopped: active 0, accepted 1, closed 1, resets 0, refused 0, timeouts 0, errors 0, "
                + "bytes in 2, out 2, pending 0" + System.lineSeparator());
        assertThat(err()).isEmpty();
        try (SocketChannel c = SocketChannel.open()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.connect(new InetSocketAddress("127.0.0.1",
                    ctrlC.port))).as("closed: nobody listens").isInstanceOf(ConnectException.class);
        }
    }

    /** A model with a select loop that has woken twice: the launcher's last line says so. */
    private static final class Woken extends Model {
        Woken() {
            super("test");
        }

        @Override
        public void start(ServerContext server) throws IOException {
            server.listen();
            server.selector(Selector.open());
            server.woke();
            server.woke();
        }
    }

    @Test
    void aServerWithASelectLoopSaysHowOftenItWoke() {
        EchoServer server = new BaseServer(ServerConfig.anyPort(), new Woken());
        CountDownLatch stop = new CountDownLatch(1);
        stop.countDown(); // stopped at once
        assertThat(serve(server, ServerConfig.anyPort(), stop, new CountDownLatch(1))).isZero();
        assertThat(out()).contains("test stopped: active 0, accepted 0,").endsWith(", select() returned 2 times"
                + System.lineSeparator());
    }

    @Test
    void aNonLoopbackHostGetsAWarning() {
        assertThat(ServerLauncher.banner("x", "m", "0.0.0.0", 8080))
                .contains("warning: 0.0.0.0 is reachable from other machines");
        assertThat(ServerLauncher.banner("x", "m", "::1", 8080)).doesNotContain("warning");
    }

    @Test
    void aPortInUseIsOneLineAndExitCode1() throws IOException {
        try (EchoServer first = server(ServerConfig.anyPort())) {
            first.start();
            ServerConfig same = ServerConfig.anyPort().withPort(first.port());
            CountDownLatch stopped = new CountDownLatch(1);
            assertThat(serve(server(same), same, new CountDownLatch(1), stopped)).isEqualTo(Cli.FAILED);
            assertThat(stopped.getCount()).as("a shutdown hook would not wait for ever").isZero();
            String line = err();
            assertThat(line.lines()).hasSize(1);
            assertThat(line).startsWith("test: cannot listen on 127.0.0.1:" + first.port())
                    .contains("choose one with --port");
            assertThat(out()).isEmpty();
        }
    }

    @Test
    void anAddressThatIsNotOursIsOneLineAndExitCode1() {
        ServerConfig elsewhere = new ServerConfig("192.0.2.1", 0, ServerConfig.DEFAULT_BACKLOG); // TEST-NET-1
        assertThat(serve(server(elsewhere), elsewhere, new CountDownLatch(1), new CountDownLatch(1)))
                .isEqualTo(Cli.FAILED);
        assertThat(err()).startsWith("test: cannot listen on 192.0.2.1:0: ");
    }

    /** A model that cannot open what it needs (a selector, say) before it listens. */
    private static final class NoSelector extends Model {
        NoSelector() {
            super("test");
        }

        @Override
        public void start(ServerContext server) throws IOException {
            throw new IOException("no selector here");
        }
    }

    @Test
    void anyOtherFailureToStartIsOneLineAndExitCode1() {
        CountDownLatch stopped = new CountDownLatch(1);
        assertThat(serve(new BaseServer(ServerConfig.anyPort(), new NoSelector()), ServerConfig.anyPort(),
                new CountDownLatch(1), stopped)).isEqualTo(Cli.FAILED);
        assertThat(err()).isEqualTo("test: cannot listen on 127.0.0.1:0: no selector here" + System.lineSeparator());
        assertThat(stopped.getCount()).isZero();
        assertThat(out()).isEmpty();
    }

    @Test
    void loopbackIsRecognised() {
        assertThat(ServerLauncher.isLoopback("127.0.0.1")).isTrue();
        assertThat(ServerLauncher.isLoopback("::1")).isTrue();
        assertThat(ServerLauncher.isLoopback("0.0.0.0")).isFalse();
        assertThat(ServerLauncher.isLoopback("no-such-host.invalid")).isFalse();
    }

    /** {@code launch}, with what it printed and returned. */
    private record Launched(int code, String out, String err) {
    }

    /**
     * Every launch here ends by itself (help, a bad flag, a model that cannot start, a port in use):
     * one that went on to serve would wait for a Ctrl-C that never comes, so it fails after 5 s instead.
     */
    private static Launched launch(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ServerLauncher.launch(new TestChapter(), args,
                new PrintWriter(o, true), new PrintWriter(e, true)));
        return new Launched(code, o.toString(), e.toString());
    }

    @Test
    void theHelpListsTheSharedFlagsThenTheChaptersOwnWithTheirDefaults() {
        Launched help = launch("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("(a test): A thread per connection.", "--host", "--port", "--max-connections",
                "--idle-timeout", "--size=N", "How big. Default: 3.", "--mode=NAME", "Which mode.")
                .doesNotContain("Which mode. Default");
        assertThat(help.out().indexOf("--port")).isLessThan(help.out().indexOf("--size"));
    }

    @Test
    void aChaptersFlagOutOfRangeIsOneLineThenTheUsageAndExitCode2() {
        for (String bad : new String[] {"0", "10", "abc", ""}) {
            Launched run = launch("--size", bad);
            assertThat(run.code()).as("--size %s", bad).isEqualTo(Cli.USAGE);
            assertThat(run.err().lines().findFirst()).get().asString()
                    .contains("'" + bad + "' is not a size from 1 to 9").doesNotContain("Exception");
            assertThat(run.err()).contains("Usage: test");
        }
        Launched choice = launch("--mode", "odd");
        assertThat(choice.code()).isEqualTo(Cli.USAGE);
        assertThat(choice.err()).contains("'odd' is not a mode: fine or broken");
    }

    @Test
    void aModelThisMachineCannotRunIsOneLineAndExitCode1() {
        Launched run = launch("--port", "0", "--mode", "broken");
        assertThat(run.code()).isEqualTo(Cli.FAILED);
        assertThat(run.err()).isEqualTo("test: the broken mode cannot start here" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    /**
     * A launch that gets as far as serving: on a port in use it stops there, with exit code 1 (its
     * line goes to this JVM's stderr, as a main's does). On its way it has set up the one-line log
     * format every main uses.
     */
    @Test
    void aLaunchThatCannotListenEndsWithExitCode1AndHasSetUpTheLogLines() throws IOException {
        String format = "java.util.logging.SimpleFormatter.format";
        String before = System.clearProperty(format);
        try (EchoServer first = server(ServerConfig.anyPort())) {
            first.start();
            Launched run = launch("--port", String.valueOf(first.port()), "--mode", "fine", "--size", "4");
            assertThat(run.code()).isEqualTo(Cli.FAILED);
            assertThat(System.getProperty(format)).isEqualTo("%1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n");
        } finally {
            if (before != null) {
                System.setProperty(format, before);
            }
        }
    }
}
