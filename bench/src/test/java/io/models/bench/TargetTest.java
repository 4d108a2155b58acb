package io.models.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.bench.load.Payloads;
import io.models.bench.report.ResultTables;
import io.models.common.chapter.Chapter;
import io.models.common.chapter.Chapters;
import io.models.common.client.Exchange;
import io.models.common.protocol.Protocol;
import io.models.common.server.BaseServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ChildServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench --target HOST:PORT [--pid PID]}: a server the bench did not start gets the chapters'
 * table; the bench leaves it running. Tiny windows: the tests check the rows and their numbers are
 * there and sane, never how large they are. The server is 02-threadpool's model, started by the test
 * (in its JVM, or as a process of its own): a thread per connection, which the threads column shows.
 */
class TargetTest {

    private static final Chapter THREAD_PER_CONNECTION = Chapters.named("02-threadpool");

    /** Short enough for a test, long enough that 100 connections complete some requests on a busy machine. */
    private static final String[] TINY = {"--quick", "--warmup-ms", "0", "--window-ms", "300", "--no-charts"};

    @TempDir
    Path out;

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run bench(Path out, String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter stderr = new StringWriter();
        CommandLine cl = new CommandLine(new Main(new PrintStream(stdout, true, StandardCharsets.UTF_8), false));
        cl.setErr(new PrintWriter(stderr, true));
        String[] all = Arrays.copyOf(args, args.length + TINY.length + 2);
        System.arraycopy(TINY, 0, all, args.length, TINY.length);
        all[all.length - 2] = "--out";
        all[all.length - 1] = out.toString();
        int code = cl.execute(all);
        return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString());
    }

    /** The cells of the table row of {@code model} at {@code connections}. */
    private static List<String> row(String md, String model, String connections) {
        return md.lines().filter(l -> l.startsWith("| " + model + " | " + connections + " |"))
                .map(l -> Arrays.stream(l.substring(2, l.length() - 2).split(" \\| ")).toList())
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + model + " at " + connections + " in\n" + md));
    }

    private static double number(String cell) {
        return Double.parseDouble(cell.replace(",", "").replace("%", ""));
    }

    @Test
    void aServerWithoutItsPidGetsTheTableAndNotMeasuredForItsProcess() throws Exception {
        try (BaseServer server = new BaseServer(ServerConfig.anyPort(),
                THREAD_PER_CONNECTION.model(THREAD_PER_CONNECTION.options(List.of())))) {
            server.start();
            String target = "127.0.0.1:" + server.port();

            Run run = bench(out, "--target", target, "--shapes", "pingpong,stream");

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            String md = Files.readString(out.resolve("target.md"));
            assertThat(md).contains("The server at " + target + " was running already", "no --pid")
                    .doesNotContain("## Targets");
            // model, connections, requests/s, MB/s, p50, p99, p99.9, CPU s, load generator CPU s, CPU µs/request,
            // threads, RSS, errors, starved
            List<String> pingPong = row(md, target, "100");
            assertThat(number(pingPong.get(2))).as("requests/s").isPositive();
            assertThat(number(pingPong.get(4))).as("p50 µs").isPositive();
            assertThat(List.of(pingPong.get(7), pingPong.get(9), pingPong.get(10), pingPong.get(11))).containsOnly(ResultTables.NOT_MEASURED);
            assertThat(number(pingPong.get(8))).as("the load generator's own CPU, measured by the bench").isGreaterThanOrEqualTo(0);
            assertThat(pingPong.get(12)).as("errors").isEqualTo("0");
            // model, connections, MB/s, CPU s, load generator CPU s, CPU ms/MB, threads, RSS, errors, starved
            List<String> stream = row(md, target, "1");
            assertThat(number(stream.get(2))).as("MB/s").isPositive();
            assertThat(List.of(stream.get(3), stream.get(5), stream.get(6), stream.get(7))).containsOnly(ResultTables.NOT_MEASURED);
            assertThat(run.stdout()).contains("bench: done in", "target.md");
            assertThat(server.stats().accepted()).isGreaterThanOrEqualTo(101); // the probe and the 100
        }
    }

    @Test
    void aServerInItsOwnProcessWithItsPidGetsEveryColumnAndKeepsRunning() throws Exception {
        try (ChildServer server = ChildServer.of(THREAD_PER_CONNECTION).measured().start()) {
            String target = "127.0.0.1:" + server.port();

            Run run = bench(out, "--target", target, "--pid", Long.toString(server.pid()), "--shapes", "pingpong,idle");

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            String md = Files.readString(out.resolve("target.md"));
            assertThat(md).contains("| server | " + target + ", process " + server.pid() + " |");
            List<String> pingPong = row(md, target, "100");
            assertThat(number(pingPong.get(2))).as("requests/s").isPositive();
            assertThat(number(pingPong.get(7))).as("server CPU s").isNotNaN();
            assertThat(number(pingPong.get(10))).as("threads: one per connection").isGreaterThanOrEqualTo(100);
            assertThat(number(pingPong.get(11))).as("RSS MiB").isPositive();
            // model, idle connections, CPU %, CPU s, threads, RSS, errors, unanswered
            List<String> idle = row(md, target, "1,000");
            assertThat(number(idle.get(2))).as("CPU %").isNotNaN();
            assertThat(number(idle.get(4))).as("threads: one per connection").isGreaterThanOrEqualTo(1000);
            assertThat(idle.subList(6, 8)).as("every idle connection answered once").containsExactly("0", "0");

            // The bench did not stop it: it still serves.
            assertThat(server.isAlive()).isTrue();
            byte[] request = Payloads.randomText(new java.util.Random(7), 100);
            try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
                assertThat(Exchange.roundTrip(ch, request)).isEqualTo(Protocol.upper(request));
            }
        }
    }

    @Test
    void nothingListeningIsOneLineAndExitCodeOne() throws Exception {
        int port;
        try (ServerSocketChannel s = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) s.getLocalAddress()).getPort(); // free, and nothing listens once closed
        }
        // As a person runs it: its own JVM, main's exit code.
        ChildServer.Run run = ChildServer.of(Main.class).args(List.of("--target", "127.0.0.1:" + port, "--quick")).run();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).containsExactly("bench: nothing listens on 127.0.0.1:" + port + " (Connection refused, for 3 s)");
    }

    @Test
    void aBadTargetIsOneLineThenTheUsageAndExitCodeTwo() throws Exception {
        ChildServer.Run run = ChildServer.of(Main.class).args(List.of("--target", "localhost")).run();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines().get(0)).isEqualTo("--target 'localhost' is not HOST:PORT (for example 127.0.0.1:8088)");
        assertThat(run.lines().get(1)).startsWith("Usage: bench");
        assertThat(String.join("\n", run.lines())).doesNotContain("Exception");
    }
}
