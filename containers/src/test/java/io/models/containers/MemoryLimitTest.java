package io.models.containers;

import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.sun.management.UnixOperatingSystemMXBean;
import io.models.common.testkit.TestClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 二、一个简单的解决方案: "a thread per connection takes so much of the system's resources that
 * the server stops answering". Under one {@code --memory} limit (the kernel's memory for the
 * sockets included), 06-selectors holds 10,000 connections and 02-threadpool does not.
 */
@Docker.Needed
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MemoryLimitTest {

    /** The cgroup's limit: 06-selectors holds {@link #CONNECTIONS} in it with room to spare. */
    static final int LIMIT_MIB = 128;
    static final int CONNECTIONS = 10_000;

    @Test
    void selectorsHoldsTenThousandConnectionsInTheLimit() throws IOException {
        assumeEnoughDescriptors();
        try (ChapterContainer server = ChapterContainer.of(PackagedChapter.named("06-selectors"))
                .memoryMiB(LIMIT_MIB).nofile(CONNECTIONS + 1000).start()) {
            Cgroup cgroup = server.cgroup();
            Cgroup.Memory before = cgroup.memory();
            List<TestClient> clients = new ArrayList<>();
            try {
                ClientChecks.connectEachServed(server.port(), CONNECTIONS, clients);
                ClientChecks.assertEachServed(clients); // every one of them, again
                Cgroup.Memory holding = cgroup.memory();
                ContainerState state = server.state();
                assertThat(state.getRunning()).as("running").isTrue();
                assertThat(state.getOOMKilled()).as("OOM-killed").isFalse();
                assertThat(holding.peak()).as("the most memory charged").isLessThanOrEqualTo(LIMIT_MIB * 1024L * 1024);
                Measured.line("memory 06-selectors", "--memory %dm (cgroup %s): holds %d connections, all answered; "
                                + "memory %s before any client, %s holding them (the kernel's part %s, socket buffers "
                                + "%s), %s at the most; %.1f KiB per connection; %d threads",
                        LIMIT_MIB, cgroup.version(), CONNECTIONS, Measured.mib(before.usage()),
                        Measured.mib(holding.usage()), Measured.mib(holding.kernel()),
                        holding.sockets() < 0 ? "not counted apart" : Measured.mib(holding.sockets()),
                        Measured.mib(holding.peak()),
                        (holding.usage() - before.usage()) / 1024.0 / CONNECTIONS, server.threads());
            } finally {
                ClientChecks.resetAll(clients);
            }
        }
    }

    @Test
    void threadPerConnectionFailsFirstInTheSameLimit() throws IOException {
        assumeEnoughDescriptors();
        try (ChapterContainer server = ChapterContainer.of(PackagedChapter.named("02-threadpool"))
                .memoryMiB(LIMIT_MIB).nofile(CONNECTIONS + 1000).start()) {
            Cgroup cgroup = server.cgroup();
            Cgroup.Memory before = cgroup.memory();
            long pid = server.pid();
            List<TestClient> clients = new ArrayList<>();
            int answered = 0;
            String failure = "none";
            long lastUsage = before.usage();
            long lastThreads = server.threads();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    try {
                        TestClient c = TestClient.connect(server.port());
                        clients.add(c);
                        c.socket().setSoTimeout(10_000); // a server that answers does so in milliseconds
                        ClientChecks.assertServes(c, "client " + i);
                        answered++;
                    } catch (SocketTimeoutException e) {
                        failure = "no reply within 10 s";
                        break;
                    } catch (IOException e) {
                        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                        break;
                    }
                    if (i % 50 == 0) { // while it still runs: what its connections cost so far
                        try {
                            lastUsage = cgroup.memory().usage();
                            lastThreads = server.threads();
                        } catch (IOException gone) {
                            // the cgroup or the process has just gone: the loop's next client says how
                        }
                    }
                }
                ContainerState state = settled(server);
                Measured.line("memory 02-threadpool", "--memory %dm (cgroup %s): stopped answering at connection %d "
                                + "(%s); OOM-killed %s, running %s, exit code %s; at %d connections: %s, %d threads; "
                                + "%.1f KiB per connection (06-selectors: see its line)",
                        LIMIT_MIB, cgroup.version(), answered + 1, failure, state.getOOMKilled(), state.getRunning(),
                        state.getExitCodeLong(), answered - answered % 50, Measured.mib(lastUsage), lastThreads,
                        (lastUsage - before.usage()) / 1024.0 / Math.max(1, answered - answered % 50));
                assertThat(answered).as("connections 02-threadpool answered in %d MiB (pid %d)", LIMIT_MIB, pid)
                        .isLessThan(CONNECTIONS / 2);
                assertThat(state.getOOMKilled() || !state.getRunning() || !failure.equals("none"))
                        .as("killed for memory, exited, or stopped answering").isTrue();
            } finally {
                ClientChecks.resetAll(clients);
            }
        }
    }

    /** The container's state once it has exited, or as it is if it is still running after a while. */
    private static ContainerState settled(ChapterContainer server) {
        try {
            eventually(Duration.ofSeconds(10), () -> assertThat(server.state().getRunning()).isFalse());
        } catch (ConditionTimeoutException stillRunning) {
            // alive but not answering: that is the lesson too
        }
        return server.state();
    }

    /** This test holds 10,000 sockets open at once: this JVM must be allowed that many descriptors. */
    private static void assumeEnoughDescriptors() {
        long max = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        String why = "this test holds " + CONNECTIONS + " connections; this JVM may open " + max
                + " descriptors (raise ulimit -n)";
        if (Docker.CI) {
            assertThat(max).as(why).isGreaterThan(CONNECTIONS + 500L);
        } else {
            assumeTrue(max > CONNECTIONS + 500L, why);
        }
    }
}
