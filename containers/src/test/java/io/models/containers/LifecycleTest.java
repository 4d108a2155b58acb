package io.models.containers;

import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import io.models.common.testkit.Probes;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What happens to a server's clients when its container is stopped, killed or frozen, with
 * eight clients busy doing round trips: the contract's Ctrl-C, a crash, and a stall.
 */
@Docker.Needed
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LifecycleTest {

    static final int LANES = 8;
    static final int GRACE_SECONDS = 10;
    private static final Pattern COUNTERS = Pattern.compile("stopped: active (\\d+), accepted (\\d+).*");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.models.containers.PackagedChapter#all")
    void dockerStopUnderLoadClosesEveryConnectionPrintsItsCountersAndExitsWithinTheGracePeriod(PackagedChapter chapter)
            throws Exception {
        int port;
        try (ChapterContainer server = ChapterContainer.of(chapter).start();
             BusyClients load = new BusyClients(server.port(), LANES, 64 * 1024, !chapter.servesManyAtOnce())) {
            port = server.port();
            eventually(() -> assertThat(load.eachDid(1)).as("every client served").isTrue());
            long start = System.nanoTime();
            server.stop(GRACE_SECONDS); // SIGTERM, then SIGKILL after the grace period
            double took = (System.nanoTime() - start) / 1e9;
            Map<String, Integer> seen = endsOf(load, "docker stop");
            ContainerState state = server.state();
            assertThat(state.getExitCodeLong()).as("exit code after SIGTERM (137: killed when the grace period ran out)")
                    .isIn(0L, 143L);
            assertThat(state.getOOMKilled()).isFalse();
            Matcher counters = COUNTERS.matcher(server.logs());
            assertThat(counters.find()).as("the counters printed on the way out, in: %s", server.logs()).isTrue();
            assertThat(counters.group(1)).as("connections still open after close()").isEqualTo("0");
            assertThat(server.errorLines()).as("ERROR lines and stack traces").isEmpty();
            Measured.line("stop " + chapter, "docker stop with %d clients busy: exit code %d %.2f s after SIGTERM "
                            + "(grace %d s); clients saw %s; it printed \"%s\"", LANES, state.getExitCodeLong(), took,
                    GRACE_SECONDS, seen, counters.group().strip());
        }
        long start = System.nanoTime();
        try (ChapterContainer again = ChapterContainer.of(chapter).port(port).start()) {
            double took = (System.nanoTime() - start) / 1e9;
            assertThat(again.port()).as("the same port").isEqualTo(port);
            ClientChecks.assertServes(again.port(), "served by the new container");
            Measured.line("stop " + chapter, "a new container on the same port %d listened %.2f s after docker run",
                    port, took);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.models.containers.PackagedChapter#all")
    void dockerKillMidTransferEndsEveryClientWithAResetOrEndOfStreamNeverAHang(PackagedChapter chapter) throws Exception {
        try (ChapterContainer server = ChapterContainer.of(chapter).start();
             BusyClients load = new BusyClients(server.port(), LANES, 1024 * 1024, !chapter.servesManyAtOnce())) {
            eventually(() -> assertThat(load.eachDid(1)).as("every client served").isTrue());
            long start = System.nanoTime();
            server.kill(); // SIGKILL: the kernel closes what the process held
            Map<String, Integer> seen = endsOf(load, "docker kill");
            double took = (System.nanoTime() - start) / 1e9;
            ContainerState state = server.state();
            assertThat(state.getExitCodeLong()).as("exit code after SIGKILL").isEqualTo(137L);
            assertThat(state.getOOMKilled()).isFalse();
            Measured.line("kill " + chapter, "docker kill with %d clients mid-transfer (1 MiB round trips): all %d "
                    + "ended within %.2f s; they saw %s", LANES, LANES, took, seen);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.models.containers.PackagedChapter#all")
    void dockerPauseForThreeSecondsUnderLoadThenUnpauseLosesAndReordersNoByte(PackagedChapter chapter) throws Exception {
        Duration paused = Duration.ofSeconds(3);
        try (ChapterContainer server = ChapterContainer.of(chapter).start();
             BusyClients load = new BusyClients(server.port(), LANES, 256 * 1024, !chapter.servesManyAtOnce())) {
            eventually(() -> assertThat(load.eachDid(1)).as("every client served").isTrue());
            server.pause(); // the freezer: every thread of the JVM stops where it is; the sockets stay
            long during;
            try {
                assertThat(server.state().getPaused()).as("paused").isTrue();
                long frozen = load.roundTrips();
                Probes.measureOver(paused); // the stall itself, not a wait for something
                during = load.roundTrips() - frozen;
            } finally {
                server.unpause();
            }
            // A frozen server reads and writes nothing: a client can at most finish the round trip
            // whose whole reply was already on its way.
            assertThat(during).as("round trips completed while the server was frozen").isLessThanOrEqualTo(LANES);
            long[] atUnpause = load.lanes().stream().mapToLong(l -> l.roundTrips.get()).toArray();
            eventually(() -> {
                for (int i = 0; i < LANES; i++) {
                    assertThat(load.lanes().get(i).roundTrips.get()).as("client %d's round trips", i)
                            .isGreaterThanOrEqualTo(atUnpause[i] + 2);
                }
            });
            load.stop();
            List<Throwable> ends = load.ends();
            for (int i = 0; i < LANES; i++) {
                assertThat(ends.get(i)).as("how client %d ended (null: every reply was whole and in order)", i).isNull();
            }
            assertThat(server.state().getRunning()).as("running").isTrue();
            assertThat(server.errorLines()).as("ERROR lines and stack traces").isEmpty();
            Measured.line("pause " + chapter, "docker pause %d s with %d clients busy (256 KiB round trips): %d round "
                            + "trips completed while paused (replies already in the clients' buffers), then all went "
                            + "on; %d round trips (%d MiB) in all, every byte in order", paused.toSeconds(), LANES,
                    during, load.roundTrips(), load.roundTrips() / 4);
        }
    }

    /**
     * Waits for every client to end (none may hang) and names how each did: end of stream, reset,
     * refused (a new connection after the listener had gone)...
     */
    private static Map<String, Integer> endsOf(BusyClients load, String fault) throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        List<Throwable> ends = load.ends();
        for (int i = 0; i < ends.size(); i++) {
            Throwable e = ends.get(i) instanceof CompletionException c && c.getCause() != null ? c.getCause() : ends.get(i);
            assertThat(e).as("client %d after %s: an IO error (not still running)", i, fault).isInstanceOf(IOException.class);
            assertThat(e).as("client %d after %s: ended, not timed out", i, fault).isNotInstanceOf(SocketTimeoutException.class);
            String kind = e instanceof EOFException ? "end of stream"
                    : e instanceof ConnectException ? "connection refused"
                    : String.valueOf(e.getMessage()).toLowerCase().contains("reset") ? "reset"
                    : String.valueOf(e.getMessage()).toLowerCase().contains("broken pipe") ? "broken pipe"
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            seen.merge(kind, 1, Integer::sum);
        }
        return seen;
    }
}
