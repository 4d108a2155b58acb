package io.models.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.jr.ob.JSON;
import io.models.bench.lab.DiesWithTheLab;
import io.models.bench.server.ServerProcess;
import io.models.common.testkit.ChildServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench lab} as a person runs it, in a JVM of its own: it prints the URL, Ctrl-C (SIGTERM)
 * stops it and every server it started, and so does SIGKILL, which no shutdown hook sees (each
 * server is started to die with the lab: {@code setpriv --pdeathsig KILL}). Its mistakes are one
 * line and an exit code.
 */
class LabCommandTest {

    private static final Pattern URL = Pattern.compile("lab: open (http://127\\.0\\.0\\.1:\\d+/) ");
    private final HttpClient http = HttpClient.newHttpClient();
    private Process lab;
    private Thread reader;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void noLabLeft() throws InterruptedException {
        if (lab != null && lab.isAlive()) {
            lab.destroyForcibly();
            lab.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** {@code java -cp <the test class path> io.models.bench.Main lab --port 0}; returns the page's URL. */
    private URI startLab() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ServerProcess.javaBinary().toString(), "-Xmx256m"));
        cmd.addAll(ChildServer.coverageAgent());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "lab", "--port", "0"));
        lab = new ProcessBuilder(DiesWithTheLab.command(cmd)).redirectErrorStream(true).start(); // and dies with this JVM
        CompletableFuture<URI> url = new CompletableFuture<>();
        reader = Thread.ofPlatform().daemon().name("lab-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    output.add(line);
                    Matcher m = URL.matcher(line);
                    if (m.find()) {
                        url.complete(URI.create(m.group(1)));
                    }
                }
            } catch (java.io.IOException e) {
                // ended
            }
            url.completeExceptionally(new AssertionError("the lab ended before it printed its URL: " + output));
        });
        return url.get(120, TimeUnit.SECONDS);
    }

    /** Starts 06-selectors with 5 idle connections in the lab at {@code page}; returns its server's pid once it runs. */
    private long startRun(URI page) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(page.resolve("/api/runs"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"06\", \"idle\": 5, \"seconds\": 120}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        URI run = page.resolve("/api/runs/" + JSON.std.mapFrom(r.body()).get("id"));
        long[] pid = {-1};
        await("the run's server is up").atMost(Duration.ofSeconds(90)).until(() -> {
            Map<String, Object> j = JSON.std.mapFrom(http.send(HttpRequest.newBuilder(run).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            pid[0] = ((Number) j.get("pid")).longValue();
            return "running".equals(j.get("state"));
        });
        assertThat(ProcessHandle.of(pid[0])).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
        return pid[0];
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void ctrlCStopsTheLabAndEveryServerItStarted() throws Exception {
        long server = startRun(startLab());

        // SIGTERM: the shutdown hook runs, as for Ctrl-C's SIGINT. (Through the handle: Process.destroy
        // would also close our end of its output, and its last words with it.)
        lab.toHandle().destroy();

        assertThat(lab.waitFor(60, TimeUnit.SECONDS)).as("the lab ended").isTrue();
        await("its server is gone").atMost(Duration.ofSeconds(30)).until(() -> !alive(server));
        reader.join(Duration.ofSeconds(10)); // its output to the end
        assertThat(output).as("exit code %d", lab.exitValue()).contains("lab: stopping, with every server it started");
    }

    @Test
    void aLabKilledOutrightTakesItsServersWithIt() throws Exception {
        Assumptions.assumeTrue(DiesWithTheLab.command(List.of("x")).size() > 1, "no setpriv here: only the shutdown hook stops the servers");
        long server = startRun(startLab());

        lab.destroyForcibly(); // SIGKILL: no shutdown hook runs

        assertThat(lab.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await("its server is gone too").atMost(Duration.ofSeconds(30)).until(() -> !alive(server));
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run inProcess(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main(new PrintStream(out, true, StandardCharsets.UTF_8), false));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    @Test
    void aPortInUseIsOneLineAndExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            Run run = inProcess("lab", "--port", Integer.toString(port));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).isEqualTo("lab: port " + port + " on 127.0.0.1 is in use: --port P picks another (0: any free one)"
                    + System.lineSeparator());
        }
    }

    @Test
    void badFlagsAreOneLineTheUsageAndExitCode2() throws Exception {
        Path notRepo = Files.createTempDirectory("not-the-repo");
        try {
            for (String[] args : List.of(new String[] {"lab", "--port", "70000"}, new String[] {"lab", "--port", "x"},
                    new String[] {"lab", "--root", notRepo.toString()}, new String[] {"lab", "--nope"})) {
                Run run = inProcess(args);
                assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
                assertThat(run.stderr().lines().findFirst().orElse("")).as(String.join(" ", args))
                        .doesNotContain("Exception").isNotBlank();
                assertThat(run.stderr()).contains("Usage: bench lab");
            }
            assertThat(inProcess("lab", "--port", "70000").stderr()).startsWith("--port is 0 to 65535, not 70000");
            assertThat(inProcess("lab", "--root", notRepo.toString()).stderr()).startsWith("--root " + notRepo + " is not the repository");
        } finally {
            Files.delete(notRepo);
        }
    }
}
