package io.models.select;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.NoteServerKit.noteClient;
import static io.models.common.testkit.NoteServerKit.sockets;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.testkit.ChildServer;
import io.models.common.testkit.NoteServerKit;
import io.models.common.testkit.TestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The note's first 四 server ({@link NoteServer}) in a JVM of its own, driven from outside as the
 * note's client drives it: what it does right, and its two bugs, happening. The full server passes
 * the same cases in {@link SelectContractTest} (see the README's table).
 */
@Timeout(180)
class NoteServerTest {

    static final List<String> ADD_EXPORTS = List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED");

    private static ChildServer start() throws Exception {
        return ChildServer.of(NoteServer.class).jvm(ADD_EXPORTS).start();
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

    /**
     * What select is for: a silent client holds up nobody. A client that closes is taken off read_l
     * (if not data), one that resets too (except ConnectionResetError), and their sockets are closed.
     */
    @Test
    void clientsAreServedAtOnceAndLetGoWhenTheyCloseOrReset() throws Exception {
        try (ChildServer server = start()) {
            long listener = sockets(server.pid());
            try (TestClient silent = TestClient.connect(server.port());
                 TestClient closing = TestClient.connect(server.port());
                 TestClient resetting = TestClient.connect(server.port())) {
                assertSameBytes(ascii("CLOSING"), closing.roundTrip(ascii("closing")));
                assertSameBytes(ascii("RESETTING"), resetting.roundTrip(ascii("resetting")));
                eventually(() -> assertThat(sockets(server.pid())).isEqualTo(listener + 3));
                closing.close();
                resetting.reset();
                eventually(() -> assertThat(sockets(server.pid())).as("sockets once two have left").isEqualTo(listener + 1));
                assertSameBytes(ascii("STILL HERE"), silent.roundTrip(ascii("still here")));
            }
            assertThat(server.output()).as("print(r_l), once per select that returned")
                    .anyMatch(line -> line.startsWith("[java.nio.channels.SocketChannel[connected"));
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /**
     * The note's bug: ready_obj.send(data.upper()) takes what the kernel has room for, and the rest of
     * the reply is dropped. A client that sends 32 MiB before it reads gets back what the kernel's
     * buffers held (about 9 MiB here), not 32: a server that kept the rest would send every byte.
     */
    @Test
    void aClientThatReadsOnlyAfterSendingLosesMostOfItsReplies() throws Exception {
        int size = 32 << 20;
        try (ChildServer server = start()) {
            long back = NoteServerKit.bytesBackWhenNotReadingUntilAllIsSent(server.port(), size);
            assertThat(back).as("bytes back of %d sent", size).isPositive().isLessThan(size);
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /**
     * The note's bug: out of file descriptors, accept() raises, nothing catches it, and the server
     * dies, taking every client with it (the full server backs off and recovers:
     * {@code SelectContractTest.outOfFileDescriptorsTheServerNeitherDiesNorSpinsAndRecovers}).
     */
    @Test
    void outOfFileDescriptorsTheServerDies() throws Exception {
        assumeTrue(ChildServer.prlimitAvailable(), "prlimit (util-linux) is not installed");
        int limit = 64;
        List<TestClient> clients = new ArrayList<>();
        try (ChildServer server = ChildServer.of(NoteServer.class).jvm(ADD_EXPORTS).under(List.of("prlimit", "--nofile=" + limit + ":" + limit, "--")).measured().start()) {
            try {
                for (int i = 0; i < limit && server.isAlive(); i++) {
                    TestClient c = TestClient.connect(server.port());
                    clients.add(c);
                    assertSameBytes(ascii("CLIENT " + i), c.roundTrip(ascii("client " + i)));
                }
            } catch (IOException endedOrRefused) {
                // the server died while this client waited for it
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            eventually(() -> assertThat(server.isAlive()).as("the server is alive").isFalse());
            assertThat(server.stop()).as("exit code of a main that threw").isEqualTo(1);
            assertThat(server.output()).contains("NoteServer: java.io.IOException: Too many open files");
            assertThat(clients.size()).as("clients it served before it died").isGreaterThan(limit / 2);
        }
    }

    @Test
    void itsFlagsArePortAndHelp() throws Exception {
        NoteServerKit.assertFlags(ADD_EXPORTS, NoteServer.class, 8081);
    }

    @Test
    void withoutTheExportItSaysSoInOneLine() throws Exception {
        ChildServer.Run run = ChildServer.of(NoteServer.class).args(List.of("--port", "0")).run();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).hasSize(2); // where it listens, then why it stops
        assertThat(run.lines().get(1)).startsWith("NoteServer: java.lang.IllegalAccessException: ")
                .contains("does not export sun.nio.ch");
    }
}
