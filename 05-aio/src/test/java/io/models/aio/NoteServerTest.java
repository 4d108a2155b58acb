package io.models.aio;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.NoteServerKit.assertNothingArrivesWithin;
import static io.models.common.testkit.NoteServerKit.noteClient;
import static io.models.common.testkit.NoteServerKit.sockets;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.protocol.Protocol;
import io.models.common.testkit.Bytes;
import io.models.common.testkit.ChildServer;
import io.models.common.testkit.NoteServerKit;
import io.models.common.testkit.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 五's prose as the shortest Java ({@link NoteServer}: completion handlers alone) in a JVM of its
 * own, driven from outside: what it does right, and its limit (an accept that fails is never tried
 * again), happening. The full server passes the same case in {@link AioContractTest}.
 */
@Timeout(180)
class NoteServerTest {

    private static ChildServer start() throws Exception {
        return ChildServer.of(NoteServer.class).start();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theNotesClientGetsEachLineBackUpperCased() throws Exception {
        try (ChildServer server = start(); TestClient client = TestClient.connect(server.port())) {
            assertThat(noteClient(client, "hello world")).isEqualTo("HELLO WORLD");
            assertThat(noteClient(client, "~second line, 你好~")).isEqualTo("~SECOND LINE, 你好~");
            client.close();
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** Many clients at once, each with its own bytes; they leave, by a close or a reset, and are let go. */
    @Test
    void clientsAreServedAtOnceEachItsOwnBytesAndLetGoWhenTheyLeave() throws Exception {
        int n = 50;
        try (ChildServer server = start()) {
            long listener = sockets(server.pid());
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    clients.add(TestClient.connect(server.port()));
                }
                for (int i = n - 1; i >= 0; i--) {
                    byte[] mine = ascii("client " + i);
                    assertSameBytes(Protocol.upper(mine), clients.get(i).roundTrip(mine));
                }
            } finally {
                for (int i = 0; i < clients.size(); i++) {
                    if (i % 2 == 0) {
                        clients.get(i).close();
                    } else {
                        clients.get(i).reset();
                    }
                }
            }
            eventually(() -> assertThat(sockets(server.pid())).as("sockets after they left").isEqualTo(listener));
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /**
     * Unlike the note's 四 and 七 servers, nothing is lost for a client that stops reading: a write
     * that completes with only part of a reply is followed by a write of the rest, and the next read
     * waits for it, so the client's own writes stall until it reads again.
     */
    @Test
    void aClientThatStopsReadingGetsEveryByteOnceItReadsAgain() throws Exception {
        try (ChildServer server = start()) {
            byte[] payload = Bytes.random(16 << 20, 9);
            assertSameBytes(Protocol.upper(payload), NoteServerKit.sendUntilStalledThenRead(server.port(), payload));
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /**
     * Its limit: when accept() fails (out of file descriptors), failed() says so and accepts no more.
     * Once the clients leave and descriptors are free again, a new client is still never served
     * (the full server tries again every 100 ms:
     * {@code AioContractTest.outOfFileDescriptorsTheServerNeitherDiesNorSpinsAndRecovers}).
     */
    @Test
    void anAcceptThatFailsIsNeverTriedAgain() throws Exception {
        assumeTrue(ChildServer.prlimitAvailable(), "prlimit (util-linux) is not installed");
        int limit = 64;
        try (ChildServer server = ChildServer.of(NoteServer.class).under(List.of("prlimit", "--nofile=" + limit + ":" + limit, "--")).start()) {
            long listener = sockets(server.pid());
            List<TestClient> clients = new ArrayList<>();
            try {
                while (server.output().stream().noneMatch(line -> line.startsWith("accept failed"))) {
                    assertThat(clients).as("clients connected, and accept() has not failed").hasSizeLessThan(limit);
                    TestClient c = TestClient.connect(server.port());
                    clients.add(c);
                    c.send(ascii("hello")); // answered, unless it waits in the backlog for an accept that failed
                    eventually(() -> assertThat(c.socket().getInputStream().available() > 0
                            || server.output().stream().anyMatch(line -> line.startsWith("accept failed"))).isTrue());
                }
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            assertThat(server.output()).contains("accept failed, and is not tried again: java.io.IOException: Too many open files");
            eventually(() -> assertThat(sockets(server.pid())).as("sockets once the clients left").isEqualTo(listener));
            try (TestClient late = TestClient.connect(server.port())) { // the kernel completes it: backlog
                late.send(ascii("anyone there?"));
                assertNothingArrivesWithin(late, Duration.ofSeconds(1));
            }
            assertThat(server.isAlive()).isTrue();
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    @Test
    void itsFlagsArePortAndHelp() throws Exception {
        NoteServerKit.assertFlags(List.of(), NoteServer.class, 8085);
    }
}
