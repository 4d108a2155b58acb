package io.models.blocking;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.NoteServerKit.assertNothingArrivesWithin;
import static io.models.common.testkit.NoteServerKit.noteClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ChildServer;
import io.models.common.testkit.NoteServerKit;
import io.models.common.testkit.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The note's 二 server ({@link NoteServer}) in a JVM of its own, driven from outside as the note's
 * client drives it: what it does right, and its bug, happening; then the full server in the same case.
 */
@Timeout(180)
class NoteServerTest {

    private static final Duration WINDOW = Duration.ofSeconds(1);

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
            assertThat(noteClient(client, "second line, 你好")).isEqualTo("SECOND LINE, 你好");
            client.reset();
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /**
     * One client at a time (the model, as the note says: 在这accept的时候不能干recv的活): the second
     * is connected but unanswered until the first leaves. It leaves by a reset, the way the note's
     * client leaves on Windows (ConnectionResetError): see the next test for a normal close.
     */
    @Test
    void aSecondClientWaitsUntilTheFirstResets() throws Exception {
        try (ChildServer server = start();
             TestClient first = TestClient.connect(server.port());
             TestClient second = TestClient.connect(server.port())) {
            assertSameBytes(ascii("FIRST"), first.roundTrip(ascii("first")));
            second.send(ascii("second"));
            assertNothingArrivesWithin(second, WINDOW);
            assertSameBytes(ascii("STILL FIRST"), first.roundTrip(ascii("still first")));
            first.reset(); // except Exception: break; conn.close(); back to accept()
            assertSameBytes(ascii("SECOND"), second.readExactly("second".length()));
            second.reset();
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /**
     * The note's bug: after a client closes normally, recv returns b'' and send(b'') sends nothing,
     * for ever. The server burns a core and never accepts the next client.
     */
    @Test
    void afterAClientClosesTheLoopSpinsForEverAndTheNextClientIsNeverServed() throws Exception {
        try (ChildServer server = start()) {
            try (TestClient first = TestClient.connect(server.port())) {
                assertSameBytes(ascii("BYE"), first.roundTrip(ascii("bye")));
                double waiting = NoteServerKit.cpuShare(server, Duration.ofSeconds(2)); // blocked in recv
                first.close(); // a normal close: FIN, as the note's client sends on Linux when it ends
                NoteServerKit.assertSpinning(server, waiting);
            }
            try (TestClient next = TestClient.connect(server.port())) { // the kernel completes it: backlog
                next.send(ascii("anyone there?"));
                assertNothingArrivesWithin(next, WINDOW);
            }
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** The same case on the full server: read() == -1 ends the connection, and the next is served. */
    @Test
    void theFullServerServesTheNextClientAfterANormalClose() throws Exception {
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new BlockingModel())) {
            server.start();
            try (TestClient first = TestClient.connect(server.port())) {
                assertSameBytes(ascii("BYE"), first.roundTrip(ascii("bye")));
            }
            try (TestClient next = TestClient.connect(server.port())) {
                assertSameBytes(ascii("ANYONE THERE?"), next.roundTrip(ascii("anyone there?")));
            }
        }
    }

    @Test
    void itsFlagsArePortAndHelp() throws Exception {
        NoteServerKit.assertFlags(List.of(), NoteServer.class, 8080);
    }
}
