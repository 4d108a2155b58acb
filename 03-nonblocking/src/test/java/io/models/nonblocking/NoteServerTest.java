package io.models.nonblocking;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.NoteServerKit.assertNothingArrivesWithin;
import static io.models.common.testkit.NoteServerKit.noteClient;
import static io.models.common.testkit.NoteServerKit.sockets;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.protocol.Protocol;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.Bytes;
import io.models.common.testkit.ChildServer;
import io.models.common.testkit.NoteServerKit;
import io.models.common.testkit.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The note's 三 server ({@link NoteServer}) in a JVM of its own, driven from outside as the note's
 * client drives it: what it does right, the note's own 缺点, and its two bugs, happening; then the
 * full server in the same cases.
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
            assertThat(noteClient(client, "~second line, 你好~")).isEqualTo("~SECOND LINE, 你好~");
            client.reset();
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    @Test
    void twoClientsOneAfterTheOtherAreBothServed() throws Exception {
        try (ChildServer server = start()) {
            try (TestClient first = TestClient.connect(server.port())) {
                assertSameBytes(ascii("FIRST"), first.roundTrip(ascii("first")));
            }
            try (TestClient second = TestClient.connect(server.port())) {
                assertSameBytes(ascii("SECOND"), second.roundTrip(ascii("second")));
            }
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** except ConnectionResetError: del_l.append(conn), then obj.close(): a reset client is let go. */
    @Test
    void aClientThatResetsIsClosedAndTakenOffConnL() throws Exception {
        try (ChildServer server = start()) {
            long listener = sockets(server.pid());
            try (TestClient client = TestClient.connect(server.port())) {
                assertSameBytes(ascii("BYE"), client.roundTrip(ascii("bye")));
                assertThat(sockets(server.pid())).isEqualTo(listener + 1);
                client.reset();
            }
            eventually(() -> assertThat(sockets(server.pid())).as("sockets after the reset").isEqualTo(listener));
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /**
     * The note's 缺点 1, 循环调用recv()将大幅度推高CPU占用率: with no client the loop asks accept() over
     * and over and burns a core. The first bug shows here too: while a client is connected, the loop
     * sits in that client's recv and uses nothing, because the connection is a blocking one.
     */
    @Test
    void withASilentClientTheLoopWaitsInItsRecvAndWithNoneItBurnsACore() throws Exception {
        try (ChildServer server = start()) {
            try (TestClient silent = TestClient.connect(server.port())) {
                assertSameBytes(ascii("HI"), silent.roundTrip(ascii("hi")));
                double waiting = NoteServerKit.cpuShare(server, Duration.ofSeconds(2)); // blocked in its recv
                silent.reset(); // ConnectionResetError: off conn_l, and nobody is left
                NoteServerKit.assertSpinning(server, waiting);
            }
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /**
     * The note's bug: conn is blocking (Linux and Java do not hand accept's socket the listener's
     * non-blocking mode), so the loop waits in a silent client's recv and a second client gets no
     * reply until the first one speaks, twice at worst: once to let the loop accept the second, once
     * to get past the first's recv again.
     */
    @Test
    void aSilentClientHoldsUpTheNextOne() throws Exception {
        try (ChildServer server = start();
             TestClient first = TestClient.connect(server.port())) {
            assertSameBytes(ascii("FIRST"), first.roundTrip(ascii("first"))); // on conn_l now
            try (TestClient second = TestClient.connect(server.port())) {
                second.send(ascii("second"));
                assertNothingArrivesWithin(second, WINDOW);
                assertSameBytes(ascii("AGAIN"), first.roundTrip(ascii("again")));
                assertSameBytes(ascii("AND AGAIN"), first.roundTrip(ascii("and again")));
                assertSameBytes(ascii("SECOND"), second.readExactly("second".length()));
                second.reset();
            }
            first.reset();
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** The same case on the full server: every connection is non-blocking, and nobody waits for anybody. */
    @Test
    void theFullServerAnswersTheNextOneWhileTheFirstIsSilent() throws Exception {
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new NonBlockingModel(0))) {
            server.start();
            try (TestClient first = TestClient.connect(server.port());
                 TestClient second = TestClient.connect(server.port())) {
                assertSameBytes(ascii("FIRST"), first.roundTrip(ascii("first")));
                assertSameBytes(ascii("SECOND"), second.roundTrip(ascii("second")));
            }
        }
    }

    /**
     * The note's bug: only a reset takes a connection off conn_l. A client that closes normally
     * (FIN: recv returns b'') stays on it, and its socket stays open, for as long as the server runs.
     */
    @Test
    void aClientThatClosesNormallyIsNeverClosed() throws Exception {
        int n = 3;
        try (ChildServer server = start()) {
            long listener = sockets(server.pid());
            for (int i = 0; i < n; i++) {
                try (TestClient client = TestClient.connect(server.port())) {
                    assertSameBytes(ascii("CLIENT " + i), client.roundTrip(ascii("client " + i)));
                } // a normal close: FIN, as the note's client sends on Linux when it ends
            }
            try (TestClient last = TestClient.connect(server.port())) {
                // served, so the loop has been past every departed one since it left
                assertSameBytes(ascii("LAST"), last.roundTrip(ascii("last")));
                assertThat(sockets(server.pid())).as("the listener, %d departed clients and this one", n)
                        .isEqualTo(listener + n + 1);
                last.reset();
            }
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** The same case on the full server: read() == -1 ends the connection, and it is closed. */
    @Test
    void theFullServerClosesAClientThatClosesNormally() throws Exception {
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new NonBlockingModel(0))) {
            server.start();
            for (int i = 0; i < 3; i++) {
                try (TestClient client = TestClient.connect(server.port())) {
                    assertSameBytes(ascii("CLIENT " + i), client.roundTrip(ascii("client " + i)));
                }
            }
            eventually(() -> assertThat(server.stats().active()).isZero());
            assertThat(server.stats().closed()).isEqualTo(3);
        }
    }

    /**
     * Where Java cannot show a bug of the note's: on Windows and macOS, where conn inherits the
     * listener's non-blocking mode, send would take part of a large reply and drop the rest. Here conn
     * is blocking, so send waits until the client reads again: nothing is lost (and everyone else
     * waits meanwhile, the first bug again).
     */
    @Test
    void aClientThatStopsReadingLosesNothingSinceSendWaits() throws Exception {
        try (ChildServer server = start()) {
            byte[] payload = Bytes.random(16 << 20, 3);
            assertSameBytes(Protocol.upper(payload), NoteServerKit.sendUntilStalledThenRead(server.port(), payload));
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    @Test
    void itsFlagsArePortAndHelp() throws Exception {
        NoteServerKit.assertFlags(List.of(), NoteServer.class, 8080);
    }
}
