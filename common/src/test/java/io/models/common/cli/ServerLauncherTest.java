package io.models.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ServerLauncherTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static EchoServer server(ServerConfig config) {
        return new BaseServer(config, new TestChapter.ThreadPerConnection());
    }

    private int serve(EchoServer server, ServerConfig config, CountDownLatch stop, CountDownLatch stopped) {
        return ServerLauncher.serve(server, config, "a test model", new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), stop, stopped);
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

    @Test
    void bannerThenServesUntilStoppedThenClosesAndReports() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        EchoServer server = server(ServerConfig.anyPort());
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> serve(server, ServerConfig.anyPort(), stop, stopped), r -> Thread.ofPlatform().start(r));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> out.toString(StandardCharsets.UTF_8).contains("Ctrl-C stops the server."));
        String banner = out.toString(StandardCharsets.UTF_8);
        assertThat(banner).contains("test: a test model", "listening on 127.0.0.1:" + server.port(),
                "io.models.common.client.Client --host 127.0.0.1 --port " + server.port()).doesNotContain("warning");
        assertThat(roundTrip(server.port(), "hi")).isEqualTo("HI");
        stop.countDown(); // what Ctrl-C does
        assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(stopped.getCount()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("test stopped: active 0, accepted 1");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
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
            String line = err.toString(StandardCharsets.UTF_8);
            assertThat(line.lines()).hasSize(1);
            assertThat(line).startsWith("test: cannot listen on 127.0.0.1:" + first.port())
                    .contains("choose one with --port");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void anAddressThatIsNotOursIsOneLineAndExitCode1() {
        ServerConfig elsewhere = new ServerConfig("192.0.2.1", 0, ServerConfig.DEFAULT_BACKLOG); // TEST-NET-1
        assertThat(serve(server(elsewhere), elsewhere, new CountDownLatch(1), new CountDownLatch(1)))
                .isEqualTo(Cli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("test: cannot listen on 192.0.2.1:0: ");
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

    private static Launched launch(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = ServerLauncher.launch(new TestChapter(), args, new PrintWriter(o, true), new PrintWriter(e, true));
        return new Launched(code, o.toString(), e.toString());
    }

    @Test
    void theHelpListsTheSharedFlagsThenTheChaptersOwnWithTheirDefaults() {
        Launched help = launch("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("(a test): A thread per connection.", "--host", "--port", "--max-connections",
                "--idle-timeout", "--size=N", "How big. Default: 3.", "--mode=NAME", "Which mode.");
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
}
