package io.models.common.cli;

import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerLauncher;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ReferenceServer;
import io.models.common.testkit.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ServerLauncherTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int serve(EchoServer server, ServerConfig config, CountDownLatch stop, CountDownLatch stopped) {
        return ServerLauncher.serve(server, config, "a test model", new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), stop, stopped);
    }

    @Test
    void bannerThenServesUntilStoppedThenClosesAndReports() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        ReferenceServer server = new ReferenceServer(ServerConfig.anyPort());
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> serve(server, ServerConfig.anyPort(), stop, stopped), r -> Thread.ofPlatform().start(r));
        eventually(() -> assertThat(out.toString(StandardCharsets.UTF_8)).contains("Ctrl-C stops the server."));
        String banner = out.toString(StandardCharsets.UTF_8);
        assertThat(banner).contains("reference: a test model", "listening on 127.0.0.1:" + server.port(),
                "io.models.common.client.Client --host 127.0.0.1 --port " + server.port()).doesNotContain("warning");
        try (TestClient c = TestClient.connect(server.port())) {
            assertThat(c.roundTrip("hi".getBytes(StandardCharsets.US_ASCII))).isEqualTo("HI".getBytes(StandardCharsets.US_ASCII));
        }
        stop.countDown(); // what Ctrl-C does
        assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(stopped.getCount()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("reference stopped: active 0, accepted 1");
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
        try (ReferenceServer first = new ReferenceServer(ServerConfig.anyPort())) {
            first.start();
            ServerConfig same = ServerConfig.anyPort().withPort(first.port());
            CountDownLatch stopped = new CountDownLatch(1);
            assertThat(serve(new ReferenceServer(same), same, new CountDownLatch(1), stopped)).isEqualTo(Cli.FAILED);
            assertThat(stopped.getCount()).as("a shutdown hook would not wait for ever").isZero();
            String line = err.toString(StandardCharsets.UTF_8);
            assertThat(line.lines()).hasSize(1);
            assertThat(line).startsWith("reference: cannot listen on 127.0.0.1:" + first.port())
                    .contains("choose one with --port");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void anAddressThatIsNotOursIsOneLineAndExitCode1() {
        ServerConfig elsewhere = new ServerConfig("192.0.2.1", 0, ServerConfig.DEFAULT_BACKLOG); // TEST-NET-1
        assertThat(serve(new ReferenceServer(elsewhere), elsewhere, new CountDownLatch(1), new CountDownLatch(1)))
                .isEqualTo(Cli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("reference: cannot listen on 192.0.2.1:0: ");
    }

    @Test
    void loopbackIsRecognised() {
        assertThat(ServerLauncher.isLoopback("127.0.0.1")).isTrue();
        assertThat(ServerLauncher.isLoopback("::1")).isTrue();
        assertThat(ServerLauncher.isLoopback("0.0.0.0")).isFalse();
        assertThat(ServerLauncher.isLoopback("no-such-host.invalid")).isFalse();
    }
}
