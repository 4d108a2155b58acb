package io.models.containers;

import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import io.models.common.protocol.Protocol;
import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --pids-limit 64}: the cgroup may hold 64 tasks, and every Java thread is one, the JVM's
 * own included. A thread-per-connection server meets the limit after a few dozen clients; it
 * must keep serving the clients it has, refuse or delay the rest, never die, and serve again
 * once clients leave. A selector server does not notice.
 */
@Docker.Needed
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PidsLimitTest {

    static final int PIDS = 64;

    @Test
    void threadPerConnectionAtThePidsLimitKeepsServingRefusesOrDelaysTheRestAndRecovers() throws Exception {
        try (ChapterContainer server = ChapterContainer.of(PackagedChapter.named("02-threadpool")).pidsLimit(PIDS).start()) {
            long startThreads = server.threads();
            List<TestClient> served = new ArrayList<>();
            List<Pending> waiting = new ArrayList<>();
            try {
                // One client at a time until one is not served at once: the server is out of threads.
                for (int i = 0; i < 2 * PIDS && waiting.isEmpty(); i++) {
                    Pending p = Pending.send(server.port(), "client " + i);
                    if (p.answeredWithin(3_000)) {
                        served.add(p.client);
                    } else {
                        waiting.add(p);
                    }
                }
                assertThat(waiting).as("a client not served at once, within %d clients", 2 * PIDS).isNotEmpty();
                Cgroup.Pids atLimit = server.cgroup().pids();
                for (int i = 0; i < 10; i++) { // ten more, while it is at its limit
                    waiting.add(Pending.send(server.port(), "more " + i));
                }
                Measured.line("pids 02-threadpool", "--pids-limit %d: %d threads before any client (the JVM's and "
                        + "the acceptor); %d clients served at once, then none for the next (the kernel refused %d "
                        + "thread starts so far)", PIDS, startThreads, served.size(), atLimit.refused());
                for (int i = 0; i < served.size(); i++) {
                    ClientChecks.assertServes(served.get(i), "still served " + i);
                }
                ContainerState state = server.state();
                assertThat(state.getRunning()).as("the server is running").isTrue();

                int leaving = served.size() / 2;
                for (int i = 0; i < leaving; i++) {
                    served.removeFirst().close(); // threads free up
                }
                int refused = 0;
                int delayed = 0;
                for (Pending p : waiting) { // each one is answered or refused now, none left hanging
                    boolean servedLate;
                    try {
                        servedLate = p.servedOrRefused();
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + "; the server's output ends with:\n"
                                + server.lastLines(12), e);
                    }
                    if (servedLate) {
                        delayed++;
                    } else {
                        refused++;
                    }
                }
                ClientChecks.assertServes(server.port(), "a new client once threads are free");
                for (int i = 0; i < served.size(); i++) {
                    ClientChecks.assertServes(served.get(i), "served throughout " + i);
                }
                Measured.line("pids 02-threadpool", "--pids-limit %d: once %d of %d clients had left, the %d "
                                + "waiting were dealt with: %d refused, %d served late; every client served before "
                                + "was served throughout, and a new one too", PIDS, leaving, leaving + served.size(),
                        waiting.size(), refused, delayed);
            } finally {
                ClientChecks.closeAll(served);
                ClientChecks.closeAll(waiting.stream().map(p -> p.client).toList());
            }
            eventually(() -> assertThat(server.serverThreads()).as("the server's threads once every client left")
                    .isEqualTo(1));
            ContainerState state = server.state();
            assertThat(state.getRunning()).as("the server is running").isTrue();
        }
    }

    @Test
    void selectorsIsNotAffectedByThePidsLimit() throws Exception {
        int n = 1000;
        try (ChapterContainer server = ChapterContainer.of(PackagedChapter.named("06-selectors")).pidsLimit(PIDS).start()) {
            long before = server.threads();
            List<TestClient> clients = new ArrayList<>();
            try {
                ClientChecks.connectEachServed(server.port(), n, clients);
                ClientChecks.assertEachServed(clients); // every one of them, again
                Cgroup.Pids pids = server.cgroup().pids();
                assertThat(pids.refused()).as("thread starts the kernel refused").isZero();
                assertThat(pids.current()).as("tasks in the cgroup").isLessThan(PIDS);
                Measured.line("pids 06-selectors", "--pids-limit %d: %d connections served with %d threads in all "
                        + "(%d before any client); the kernel refused %d thread starts", PIDS, n, pids.current(),
                        before, pids.refused());
            } finally {
                ClientChecks.closeAll(clients);
            }
        }
    }

    /** A client that has sent its request: served now, later, or refused (end of stream, reset). */
    private static final class Pending {
        final TestClient client;
        final byte[] expected;

        private Pending(TestClient client, byte[] expected) {
            this.client = client;
            this.expected = expected;
        }

        static Pending send(int port, String text) throws IOException {
            TestClient c = TestClient.connect(port); // the kernel completes it: the backlog
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            c.send(bytes);
            return new Pending(c, Protocol.upper(bytes));
        }

        /** True if the whole reply comes within {@code millis}; false if none does (the client stays). */
        boolean answeredWithin(int millis) throws IOException {
            client.socket().setSoTimeout(millis);
            try {
                byte[] reply = client.readExactly(expected.length);
                assertThat(reply).isEqualTo(expected);
                return true;
            } catch (SocketTimeoutException | EOFException notNow) {
                return false;
            } catch (IOException reset) {
                return false;
            }
        }

        /**
         * Waits (at most {@link Probes#DEADLINE}) for the server to deal with this client: true if
         * served (every byte of the reply), false if refused (end of stream or reset). Still no
         * answer after the deadline fails: the server has stopped accepting.
         */
        boolean servedOrRefused() throws IOException {
            client.socket().setSoTimeout((int) Probes.DEADLINE.toMillis());
            byte[] got = new byte[expected.length];
            int n = 0;
            try {
                for (int r; n < got.length && (r = client.socket().getInputStream().read(got, n, got.length - n)) >= 0; ) {
                    n += r;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("a client waiting since the server ran out of threads got no answer "
                        + Probes.DEADLINE.toSeconds() + " s after threads were free again: the server no longer "
                        + "accepts connections", e);
            } catch (IOException reset) {
                return false;
            }
            if (n < got.length) {
                return false; // end of stream: refused
            }
            assertThat(got).as("the reply to a delayed client").isEqualTo(expected);
            return true;
        }

        @Override
        public String toString() {
            return Arrays.toString(expected);
        }
    }
}
