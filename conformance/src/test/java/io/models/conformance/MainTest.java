package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ChildServer;
import io.models.conformance.cases.Case;
import io.models.conformance.cases.Cases;
import io.models.selectors.SelectorsModel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: flags, exit codes, what it prints, and how it behaves when the server is gone or hangs. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MainTest {

    @ParameterizedTest
    @ValueSource(strings = {"--port 0", "--port 70000", "--port x", "--host", "--port 1 --cases nope",
        "--port 1 --wait 0", "--port 1 --pid abc", "--port 1 --bogus"})
    void aBadFlagIsOneLineAndTheUsageAndExitsTwo(String flags) {
        CheckRun run = CheckRun.of(flags.split(" "));
        assertThat(run.exitCode()).as(run.printed()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().get(0)).doesNotContain("Exception");
        assertThat(String.join("\n", run.err())).contains("Usage: conformance").doesNotContain("\tat ");
    }

    @Test
    void withoutAPortItSaysSo() {
        CheckRun run = CheckRun.of();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().get(0)).contains("--port");
    }

    @Test
    void anUnknownCaseNamesTheCases() {
        CheckRun run = CheckRun.of("--port", "1", "--cases", "every-byte,nope");
        assertThat(run.err().get(0)).contains("'nope' is not a case").contains(String.join(", ", Cases.names()));
    }

    @Test
    void helpListsEveryCaseAndSaysWhereToUseIt() {
        CheckRun run = CheckRun.of("--help");
        assertThat(run.exitCode()).isZero();
        String help = String.join("\n", run.out());
        for (String name : Cases.names()) {
            assertThat(help).contains(name);
        }
        assertThat(help).contains("only against this machine (loopback) or test hosts of your own");
    }

    @Test
    void theReadmeAndTheTeachersPageDescribeEveryCase() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String teaching = Files.readString(Path.of("..", "exercises", "TEACHING.md"));
        for (String name : Cases.names()) {
            assertThat(readme).as("conformance/README.md's table of cases").contains("| `" + name + "`");
            assertThat(teaching).as("exercises/TEACHING.md's table of cases").contains("| `" + name + "` |");
        }
    }

    @Test
    void aServerThatCannotBeReachedIsOneLineAndExitsTwo() throws IOException {
        int port = freePort();
        long start = System.nanoTime();
        CheckRun run = CheckRun.of("--port", String.valueOf(port), "--wait", "1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("tried again for --wait, in case it was starting")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(20));
        assertThat(run.exitCode()).as(run.printed()).isEqualTo(2);
        assertThat(run.out()).as("no case line: nothing was checked").isEmpty();
        assertThat(run.err()).containsExactly("conformance: cannot reach 127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void aServerThatStartsListeningWithinTheWaitIsChecked() throws Exception {
        int port = freePort();
        try (EchoServer late = new BaseServer(ServerConfig.anyPort().withPort(port), new SelectorsModel())) {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(500); // a server started just before the checker, still starting
                    late.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            CheckRun run = CheckRun.of("--port", String.valueOf(port), "--cases", "every-byte");
            assertThat(run.out()).as(run.printed()).containsExactly("PASS every-byte", "1 passed, 0 failed");
        }
    }

    @Test
    void aProcessThatDoesNotExistIsOneLineAndExitsTwo() {
        CheckRun run = CheckRun.of("--port", "1", "--pid", String.valueOf(Integer.MAX_VALUE));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).containsExactly("conformance: --pid " + Integer.MAX_VALUE + ": no such process (/proc/"
                + Integer.MAX_VALUE + " does not exist)");
    }

    @Test
    void anUnknownHostIsOneLineAndExitsTwo() {
        CheckRun run = CheckRun.of("--host", "no-such-host.invalid", "--port", "1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).containsExactly("conformance: --host no-such-host.invalid: unknown host");
    }

    @Test
    void aReportDirThatCannotBeMadeIsOneLineAndExitsTwo(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "");
        CheckRun run = CheckRun.of("--port", "1", "--report-dir", file.resolve("reports").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).hasSize(1);
        assertThat(run.err().get(0)).startsWith("conformance: --report-dir " + file.resolve("reports") + ": cannot create it");
    }

    @Test
    void withoutPidTheProcCasesAreSkippedInTheirOrderAndNothingFails(@TempDir Path reports) throws Exception {
        try (EchoServer server = correctServer()) {
            server.start();
            CheckRun run = CheckRun.against(server.port(), null, List.of("--cases", "idle-cpu,every-byte,every-byte",
                    "--report-dir", reports.toString()));
            assertThat(run.out()).as(run.printed()).containsExactly("PASS every-byte",
                    "SKIP idle-cpu: needs --pid or --exec (it reads the server's process in /proc)", "1 passed, 0 failed, 1 skipped");
            assertThat(run.exitCode()).isZero();
            assertThat(reports.resolve(Reports.JUNIT_FILE)).exists();
            assertThat(Files.readString(reports.resolve(Reports.MARKDOWN_FILE)))
                    .contains("| `idle-cpu` | SKIP | needs --pid or --exec (it reads the server's process in /proc) |");
        }
    }

    @Test
    void aServerThatDiesFailsTheCasesLeftAndExitsOne() throws Exception {
        try (ChildServer server = ChildServer.of(ServesOneClientThenExits.class).measured().start()) {
            CheckRun run = CheckRun.against(server.port(), server.pid(),
                    List.of("--cases", "every-byte,random-chunks,half-close"));
            assertThat(run.out()).as(run.printed()).hasSize(4);
            assertThat(run.out().get(0)).isEqualTo("PASS every-byte");
            assertThat(run.out().get(1)).startsWith("FAIL random-chunks: ")
                    .endsWith("(the server died: process " + server.pid() + " has exited)");
            assertThat(run.out().get(2)).isEqualTo("FAIL half-close: not run: the server died during random-chunks "
                    + "(process " + server.pid() + " has exited)");
            assertThat(run.out().get(3)).isEqualTo("1 passed, 2 failed");
            assertThat(run.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersFailsWithinTheWaitAndTheRestAtOnce() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0)); // the kernel completes connections; nobody reads
            long start = System.nanoTime();
            CheckRun run = CheckRun.against(silent.getLocalPort(), null,
                    List.of("--wait", "1", "--cases", "every-byte,half-close,resets-300"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(run.out()).as(run.printed()).containsExactly(
                    "FAIL every-byte: the reply: 0 of 512 bytes came, then nothing for 1 s",
                    "FAIL half-close: not run: after every-byte a new client is not served either (its reply: 0 of 21 "
                            + "bytes came, then nothing for 1 s)",
                    "FAIL resets-300: not run: after every-byte a new client is not served either (its reply: 0 of 21 "
                            + "bytes came, then nothing for 1 s)",
                    "0 passed, 3 failed");
            assertThat(took).as("two waits of 1 s, not three cases' deadlines").isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void aCasePastItsDeadlineFailsNamingWhatItWaitedFor() throws Exception {
        try (EchoServer server = correctServer()) {
            server.start();
            Case slow = new Case("slow", false, Duration.ofSeconds(1), s -> {
                s.connect("a client");
                s.waitingFor("Godot");
                Thread.sleep(60_000);
            });
            List<Verdict> results = new ArrayList<>();
            new Checker(new InetSocketAddress("127.0.0.1", server.port()), Duration.ofSeconds(5), null, results::add)
                    .run(List.of(slow, Cases.named("every-byte")));
            assertThat(results).extracting(Verdict::line).containsExactly(
                    "FAIL slow: timed out after 1 s waiting for Godot", "PASS every-byte");
        }
    }

    @Test
    void theMainAsARealProcessExitsTwoOnABadFlagWithoutAStackTrace() throws Exception {
        ChildServer.Run run = ChildServer.of(Main.class).args(List.of("--port", "70000")).run();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines().get(0)).contains("'70000' is not a port from 1 to 65535");
        assertThat(String.join("\n", run.lines())).contains("Usage: conformance").doesNotContain("\tat ");
    }

    @Test
    void theMainAsARealProcessChecksAServer() throws Exception {
        try (EchoServer server = correctServer()) {
            server.start();
            ChildServer.Run run = ChildServer.of(Main.class).args(List.of("--port", String.valueOf(server.port()), "--cases", "every-byte,half-close")).run();
            assertThat(run.lines()).containsExactly("PASS every-byte", "PASS half-close", "2 passed, 0 failed");
            assertThat(run.exitCode()).isZero();
        }
    }

    // ---- the server the checker starts itself (--exec), and the process --pid names

    /** 06-selectors' main, as {@code --exec} runs it: {@code java ... --port {port}}. */
    static String selectors(String before) {
        return before + "exec " + ModelsTest.shell(ChildServer.of(new io.models.selectors.SelectorsChapter()).measured()
                .commandLine()) + " --port {port}";
    }

    @Test
    void withExecTheCheckerStartsTheServerOnAFreePortAndEndsItsWholeGroup(@TempDir Path tmp) throws Exception {
        Path sleeper = tmp.resolve("sleeper.pid");
        // A child of the server's shell, in its process group: it must be gone at the end too.
        CheckRun run = CheckRun.of("--exec", selectors("sleep 300 & echo $! > " + sleeper + "; "), "--cases",
                "every-byte,cleanup", "--report-dir", tmp.resolve("reports").toString());
        assertThat(run.out()).as(run.printed()).containsExactly("PASS every-byte", "PASS cleanup", "2 passed, 0 failed");
        long pid = Long.parseLong(Files.readString(sleeper).trim());
        io.models.common.testkit.Probes.eventually(() -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .as("the server's child, killed with its group").isNotEqualTo(java.util.Optional.of(true)));
        assertThat(Files.readString(tmp.resolve("reports").resolve(Reports.JUNIT_FILE)))
                .containsPattern("<property name=\"port\" value=\"[1-9][0-9]*\"/>")
                .containsPattern("<property name=\"pid\" value=\"[1-9][0-9]*\"/>");
    }

    @Test
    void withExecAServerThatExitsBeforeListeningIsOneLineThenItsLastLinesAndExitsTwo() {
        CheckRun run = CheckRun.of("--exec", "echo starting; echo 'server.py: no such file' >&2; exit 3", "--port", "9",
                "--wait", "1");
        assertThat(run.exitCode()).as(run.printed()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).containsExactly("conformance: the server (echo starting; echo 'server.py: no such file' "
                + ">&2; exit 3) exited with code 3 before it listened on port 9", "| starting", "| server.py: no such file");
    }

    @Test
    void withExecAServerThatNeverListensIsOneLineAfterItsPatienceAndExitsTwo() {
        long start = System.nanoTime();
        CheckRun run = CheckRun.of("--exec", "echo waiting; exec sleep 300", "--port", "9", "--wait", "1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(30))
                .isLessThan(Duration.ofSeconds(60));
        assertThat(run.exitCode()).as(run.printed()).isEqualTo(2);
        assertThat(run.err()).containsExactly("conformance: the server (echo waiting; exec sleep 300) did not listen on "
                + "port 9 within 30 s", "| waiting");
    }

    /** Its last lines go under a failed case; with --fresh-server one crash costs that case only. */
    @Test
    void withExecADeadServersLastLinesAreInTheReportAndAFreshServerPerCaseCostsOneCase() {
        String exec = "exec " + ModelsTest.shell(ChildServer.of(ServesOneClientThenExits.class).measured().commandLine())
                + " --port {port}";
        CheckRun once = CheckRun.of("--exec", exec, "--cases", "every-byte,random-chunks,half-close");
        assertThat(once.out().get(0)).as(once.printed()).isEqualTo("PASS every-byte");
        assertThat(once.out().get(1)).as(once.printed()).startsWith("FAIL random-chunks: ")
                .contains("(the server died: process ");
        // its last words, though printed as every-byte's client left, before random-chunks began
        assertThat(once.out().subList(2, once.out().size())).as(once.printed())
                .contains("  | served one client, exiting with 3")
                .anyMatch(l -> l.matches("  the server printed, last \\d+ line\\(s\\):"))
                .anyMatch(l -> l.startsWith("FAIL half-close: not run: the server died during random-chunks"));
        CheckRun fresh = CheckRun.of("--exec", exec, "--fresh-server", "--cases", "every-byte,random-chunks,half-close");
        assertThat(fresh.out()).as(fresh.printed()).containsExactly("PASS every-byte", "PASS random-chunks",
                "PASS half-close", "3 passed, 0 failed");
    }

    @Test
    void withPidOfAShellWhoseChildListensTheChildIsCheckedAndSaidSo() throws Exception {
        List<String> argv = ChildServer.of(new io.models.selectors.SelectorsChapter()).measured().commandLine();
        Process shell = new ProcessBuilder("sh", "-c", ModelsTest.shell(argv) + " --port 0 & wait").start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(shell.getInputStream()))) {
            int port = -1;
            for (String line = lines.readLine(); line != null && port < 0; line = lines.readLine()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("listening on .*:(\\d+)").matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            var rest = lines;
            Thread.ofPlatform().daemon().start(() -> rest.lines().forEach(l -> { })); // a full pipe would stall the server
            long child = shell.children().findFirst().orElseThrow().pid();
            CheckRun run = CheckRun.against(port, shell.pid(), List.of("--cases", "every-byte,cleanup"));
            assertThat(run.err()).as(run.printed()).containsExactly("conformance: process " + shell.pid()
                    + " does not listen on port " + port + "; its child " + child + " does: checking " + child);
            assertThat(run.out()).containsExactly("PASS every-byte", "PASS cleanup", "2 passed, 0 failed");
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
            shell.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withPidOfAProcessThatDoesNotListenItSaysSoAndExitsTwo() throws Exception {
        int port = freePort();
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            CheckRun run = CheckRun.of("--port", String.valueOf(port), "--pid", String.valueOf(sleep.pid()), "--wait", "1");
            assertThat(run.exitCode()).as(run.printed()).isEqualTo(2);
            assertThat(run.err()).containsExactly("conformance: --pid " + sleep.pid() + ": neither process " + sleep.pid()
                    + " nor any process it started listens on port " + port + " (waited 1 s)");
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--exec x --pid 1", "--fresh-server --port 1", "--host 127.0.0.1", "--exec x"})
    void flagsThatDoNotGoTogetherAreOneLineAndExitTwo(String flags) {
        CheckRun run = CheckRun.of(flags.split(" "));
        assertThat(run.exitCode()).as(run.printed()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).hasSize(1);
        assertThat(run.err().get(0)).startsWith("conformance: --");
    }

    /** A server that gets every case right: 06's model on the one server of common. */
    static EchoServer correctServer() {
        return new BaseServer(ServerConfig.anyPort(), new SelectorsModel());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A server that echoes one client, then exits: the checker must see it die. */
    public static final class ServesOneClientThenExits {
        public static void main(String[] args) throws IOException {
            int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
            try (var server = java.nio.channels.ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress("127.0.0.1", port));
                System.out.println("listening on 127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort());
                try (SocketChannel conn = server.accept()) {
                    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                    while (conn.read(buf) >= 0) {
                        buf.flip();
                        io.models.common.protocol.Protocol.upper(buf);
                        while (buf.hasRemaining()) {
                            conn.write(buf);
                        }
                        buf.clear();
                    }
                }
            }
            System.out.println("served one client, exiting with 3");
            System.exit(3);
        }
    }
}
