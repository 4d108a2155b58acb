package io.models.selectors;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.NoteServerKit.noteClient;
import static io.models.common.testkit.NoteServerKit.sockets;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ChildServer;
import io.models.common.testkit.NoteServerKit;
import io.models.common.testkit.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The note's 七 server ({@link NoteServer}) in a JVM of its own, driven from outside as the note's
 * client drives it: what it does right, and its three bugs, happening; then the full server in the
 * case of the first.
 */
@Timeout(180)
class NoteServerTest {

    private static ChildServer start() throws Exception {
        return ChildServer.of(NoteServer.class).start();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String readAscii(TestClient client, int n) throws IOException {
        return new String(client.readExactly(n), StandardCharsets.US_ASCII);
    }

    @Test
    void theNotesClientGetsEachLineBackUpperCasedAndSB() throws Exception {
        try (ChildServer server = start(); TestClient client = TestClient.connect(server.port())) {
            assertThat(noteClient(client, "hello world")).isEqualTo("HELLO WORLD_SB");
            assertThat(noteClient(client, "~second line, 你好~")).isEqualTo("~SECOND LINE, 你好~_SB");
            client.close();
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /**
     * Every client is served at once; one that closes (if not data) or resets (except Exception) is
     * unregistered and closed, with the note's print('closing', conn).
     */
    @Test
    void clientsAreServedAtOnceAndLetGoWhenTheyCloseOrReset() throws Exception {
        try (ChildServer server = start()) {
            long listener = sockets(server.pid());
            try (TestClient silent = TestClient.connect(server.port());
                 TestClient closing = TestClient.connect(server.port());
                 TestClient resetting = TestClient.connect(server.port())) {
                assertThat(readAscii(send(closing, "closing"), 10)).isEqualTo("CLOSING_SB");
                assertThat(readAscii(send(resetting, "resetting"), 12)).isEqualTo("RESETTING_SB");
                eventually(() -> assertThat(sockets(server.pid())).isEqualTo(listener + 3));
                closing.close();
                resetting.reset();
                eventually(() -> assertThat(sockets(server.pid())).as("sockets once two have left").isEqualTo(listener + 1));
                assertThat(readAscii(send(silent, "still here"), 13)).isEqualTo("STILL HERE_SB");
            }
            eventually(() -> assertThat(server.output().stream().filter(line -> line.startsWith("closing "))).hasSize(3));
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    private static TestClient send(TestClient client, String text) throws IOException {
        client.send(ascii(text));
        return client;
    }

    /**
     * The note's bug: _SB goes after each recv's bytes, so the reply depends on how TCP cut the
     * request. "hello" read in two pieces comes back HEL_SBLO_SB; 3000 bytes sent in one write are
     * read 1024 at a time at most, and come back with _SB three times or more.
     */
    @Test
    void theReplyDependsOnHowTheRequestWasCut() throws Exception {
        try (ChildServer server = start(); TestClient client = TestClient.connect(server.port())) {
            client.send(ascii("hel"));
            assertThat(readAscii(client, 6)).isEqualTo("HEL_SB"); // the server has read "hel" alone
            client.send(ascii("lo"));
            assertThat(readAscii(client, 5)).isEqualTo("LO_SB");

            byte[] line = new byte[3000];
            Arrays.fill(line, (byte) 'a');
            client.send(line);
            String reply = readUntilAllAndSB(client.socket().getInputStream(), line.length);
            assertThat(reply.replace("_SB", "")).isEqualTo("A".repeat(line.length));
            assertThat(reply.split("_SB", -1).length - 1).as("_SB in %s", reply).isGreaterThanOrEqualTo(3);
            client.close();
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** Reads until {@code n} letters A have come, and the _SB after the last of them. */
    private static String readUntilAllAndSB(InputStream in, int n) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        String s = "";
        while (s.replace("_SB", "").length() < n || !s.endsWith("_SB")) {
            int r = in.read(buf);
            assertThat(r).as("bytes after %s", s).isNotNegative();
            got.write(buf, 0, r);
            s = got.toString(StandardCharsets.US_ASCII);
        }
        return s;
    }

    /** The same case on the full server: the reply is the request upper-cased, however it was cut. */
    @Test
    void theFullServersReplyDoesNotDependOnHowTheRequestWasCut() throws Exception {
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new SelectorsModel())) {
            server.start();
            try (TestClient client = TestClient.connect(server.port())) {
                client.send(ascii("hel"));
                assertThat(readAscii(client, 3)).isEqualTo("HEL");
                client.send(ascii("lo"));
                assertThat(readAscii(client, 2)).isEqualTo("LO");
                byte[] line = new byte[3000];
                Arrays.fill(line, (byte) 'a');
                client.send(line);
                assertThat(readAscii(client, line.length)).isEqualTo("A".repeat(line.length));
                assertThat(client.socket().getInputStream().available()).as("bytes after the reply").isZero();
            }
        }
    }

    /**
     * The note's bug: conn.send(data.upper()+b'_SB') takes what the kernel has room for, and the
     * rest of the reply is dropped. A client that sends 32 MiB before it reads gets back what the
     * kernel's buffers held, not 32 MiB (and the _SB on each 1024 bytes).
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
     * The note's bug: out of file descriptors, accept() raises in the accept callback, nothing
     * catches it, and the server dies, taking every client with it (the full server backs off and
     * recovers: {@code SelectorsContractTest.outOfFileDescriptorsTheServerNeitherDiesNorSpinsAndRecovers}).
     */
    @Test
    void outOfFileDescriptorsTheServerDies() throws Exception {
        assumeTrue(ChildServer.prlimitAvailable(), "prlimit (util-linux) is not installed");
        int limit = 64;
        List<TestClient> clients = new ArrayList<>();
        try (ChildServer server = ChildServer.of(NoteServer.class).under(List.of("prlimit", "--nofile=" + limit + ":" + limit, "--")).measured().start()) {
            try {
                for (int i = 0; i < limit && server.isAlive(); i++) {
                    TestClient c = TestClient.connect(server.port());
                    clients.add(c);
                    assertThat(readAscii(send(c, "client " + i), ("client " + i).length() + 3)).isEqualTo("CLIENT " + i + "_SB");
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
        NoteServerKit.assertFlags(List.of(), NoteServer.class, 8088);
    }
}
