package io.models.containers;

import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --ulimit nofile=256}: 400 clients against a server that may open 256 descriptors. It
 * runs out, must survive it (accept fails with "Too many open files"; the clients it has are still
 * served), and must serve every waiting client once some leave.
 */
@Docker.Needed
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NofileLimitTest {

    static final int NOFILE = 256;
    static final int CLIENTS = 400;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.models.containers.PackagedChapter#all")
    void outOfDescriptorsTheServerSurvivesAndRecovers(PackagedChapter chapter) throws Exception {
        try (ChapterContainer server = ChapterContainer.of(chapter).nofile(NOFILE).start()) {
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(TestClient.connect(server.port())); // the kernel completes them all: backlog
                }
                int early = chapter.servesManyAtOnce() ? 50 : 1; // 01 serves one; the rest wait their turn
                for (int i = 0; i < early; i++) {
                    ClientChecks.assertServes(clients.get(i), "early " + i);
                }
                long cpuOut = -1;
                if (chapter.servesManyAtOnce()) {
                    eventually(() -> assertThat(server.openFds()).as("the server's descriptors")
                            .isGreaterThan(NOFILE - 16)); // it has taken all it may
                    long before = server.cpuTicks();
                    long start = System.nanoTime();
                    Probes.measureOver(Duration.ofSeconds(1)); // how hard it tries while it cannot accept
                    cpuOut = (server.cpuTicks() - before) * 100 / Math.max(1, (System.nanoTime() - start) / 10_000_000);
                }
                long peakFds = server.openFds();
                assertThat(server.state().getRunning()).as("the server is running").isTrue();
                for (int i = 0; i < early; i++) {
                    ClientChecks.assertServes(clients.get(i), "still served " + i);
                }
                for (int i = 0; i < CLIENTS / 2; i++) {
                    clients.get(i).close(); // they leave: descriptors free up
                }
                for (int i = CLIENTS / 2; i < CLIENTS; i++) {
                    ClientChecks.assertServes(clients.get(i), "accepted late " + i);
                    clients.get(i).close(); // and leaves, so the next one has a descriptor
                }
                List<String> warnings = server.logs().lines().filter(l -> l.contains("WARNING")).toList();
                assertThat(server.errorLines()).as("ERROR lines and stack traces").isEmpty();
                Measured.line("nofile " + chapter, "--ulimit nofile=%d, %d clients: %s (%d descriptors at the most)%s; "
                                + "all %d served; its log: %s", NOFILE, CLIENTS,
                        chapter.servesManyAtOnce() ? "ran out of descriptors" : "one at a time, never ran out", peakFds,
                        cpuOut < 0 ? "" : ", using " + cpuOut + "% of a core while it could not accept", CLIENTS,
                        warnings.isEmpty() ? "no warning" : warnings.getFirst().replaceAll("^\\S+ ", ""));
            } finally {
                ClientChecks.closeAll(clients);
            }
        }
    }
}
