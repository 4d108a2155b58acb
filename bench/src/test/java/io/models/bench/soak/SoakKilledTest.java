package io.models.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.models.bench.Main;
import io.models.bench.server.DiesWithTheBench;
import io.models.bench.server.Repository;
import io.models.bench.server.ServerProcess;
import io.models.common.testkit.ChildServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench soak} killed outright (SIGKILL, which no shutdown hook sees) takes its server with
 * it: the server is started under {@code setpriv --pdeathsig KILL}, as the lab's are.
 */
class SoakKilledTest {

    @TempDir
    Path out;

    private Process soak;

    @AfterEach
    void noSoakLeft() throws InterruptedException {
        if (soak != null && soak.isAlive()) {
            soak.destroyForcibly();
            soak.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSoakKilledOutrightTakesItsServerWithIt() throws Exception {
        Assumptions.assumeTrue(DiesWithTheBench.command(List.of("x")).size() > 1, "no setpriv here: only the shutdown hook stops the server");
        Path jar = Repository.jar(Repository.find(), "06-selectors");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "06-selectors is not built: " + jar);
        List<String> cmd = new ArrayList<>(List.of(ServerProcess.javaBinary().toString(), "-Xmx256m"));
        cmd.addAll(ChildServer.coverageAgent());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "soak", "--model", "06",
                "--minutes", "2", "--out", out.toString()));
        soak = new ProcessBuilder(DiesWithTheBench.command(cmd)).redirectErrorStream(true).start(); // and dies with this JVM
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("soak-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(soak.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    output.add(line);
                    if (line.startsWith("soak: 06-selectors for ")) { // printed once its server is up
                        started.complete(null);
                    }
                }
            } catch (java.io.IOException e) {
                // ended
            }
            started.completeExceptionally(new AssertionError("the soak ended before its server was up: " + output));
        });
        started.get(120, TimeUnit.SECONDS);
        List<ProcessHandle> servers = soak.toHandle().children()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList();
        assertThat(servers).as("the soak's server JVM among its children (%s)", output).hasSize(1);
        ProcessHandle server = servers.get(0);

        soak.destroyForcibly(); // SIGKILL: no shutdown hook runs

        assertThat(soak.waitFor(30, TimeUnit.SECONDS)).as("the soak ended").isTrue();
        await("its server is gone too").atMost(Duration.ofSeconds(30)).until(() -> !server.isAlive());
    }
}
