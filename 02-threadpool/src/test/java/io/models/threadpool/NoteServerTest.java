package io.models.threadpool;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.NoteServerKit.assertNothingArrivesWithin;
import static io.models.common.testkit.NoteServerKit.noteClient;
import static io.models.common.testkit.NoteServerKit.sockets;
import static io.models.common.testkit.NoteServerKit.threads;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.ChildServer;
import io.models.common.testkit.NoteServerKit;
import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 二's "一个简单的解决方案" ({@link NoteServer}: 01's note server with a thread per connection) in a
 * JVM of its own, driven from outside: what it does right, its limit and its bug; then the full server.
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
            client.reset();
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** 这样任何一个连接的阻塞都不会影响其他的连接: a silent client no longer holds up the next one. */
    @Test
    void aSecondClientIsServedWhileTheFirstIsConnectedAndSilent() throws Exception {
        try (ChildServer server = start();
             TestClient first = TestClient.connect(server.port());
             TestClient second = TestClient.connect(server.port())) {
            assertSameBytes(ascii("SECOND"), second.roundTrip(ascii("second")));
            assertSameBytes(ascii("FIRST"), first.roundTrip(ascii("first")));
            first.reset(); // except Exception: break; conn.close(): its thread ends
            second.reset();
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** 该方案的问题 (the note's own words): every connection costs a thread, idle or not. */
    @Test
    void everyConnectionHoldsAThreadOfItsOwn() throws Exception {
        int n = 100;
        try (ChildServer server = start()) {
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    TestClient c = TestClient.connect(server.port());
                    clients.add(c);
                    assertSameBytes(ascii("CLIENT " + i), c.roundTrip(ascii("client " + i)));
                }
                assertThat(threads(server.pid(), "Thread-")).as("connection threads with %d idle clients", n)
                        .isEqualTo(n);
            } finally {
                for (TestClient c : clients) {
                    c.reset();
                }
            }
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /**
     * The note's bug, kept from 二's loop: a client that closes normally leaves its thread looping on
     * recv() == b'' for ever. The others are still served, but that thread burns a core and never ends.
     */
    @Test
    void aClientThatClosesLeavesAThreadSpinningForEver() throws Exception {
        try (ChildServer server = start()) {
            try (TestClient first = TestClient.connect(server.port())) {
                assertSameBytes(ascii("BYE"), first.roundTrip(ascii("bye")));
                assertThat(threads(server.pid(), "Thread-")).isEqualTo(1);
                double waiting = NoteServerKit.cpuShare(server, Duration.ofSeconds(2)); // blocked in recv
                first.close(); // a normal close: FIN, as the note's client sends on Linux when it ends
                NoteServerKit.assertSpinning(server, waiting);
            }
            assertThat(threads(server.pid(), "Thread-")).as("the departed client's thread is still there").isEqualTo(1);
            try (TestClient next = TestClient.connect(server.port())) {
                assertSameBytes(ascii("STILL SERVED"), next.roundTrip(ascii("still served")));
                assertThat(threads(server.pid(), "Thread-")).as("the departed one's and the new one's").isEqualTo(2);
                next.reset();
            }
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** The same case on the full server: read() == -1 ends the connection, and its thread with it. */
    @Test
    void theFullServersThreadEndsWhenItsClientCloses() throws Exception {
        String workers = ThreadPoolModel.NAME + "-worker-";
        try (EchoServer server = new BaseServer(ServerConfig.anyPort(), new ThreadPoolModel(0))) {
            server.start();
            int baseline = Probes.liveThreads(workers);
            try (TestClient first = TestClient.connect(server.port())) {
                assertSameBytes(ascii("BYE"), first.roundTrip(ascii("bye")));
                assertThat(Probes.liveThreads(workers)).isEqualTo(baseline + 1);
            }
            eventually(() -> assertThat(Probes.liveThreads(workers)).isEqualTo(baseline));
            try (TestClient next = TestClient.connect(server.port())) {
                assertSameBytes(ascii("STILL SERVED"), next.roundTrip(ascii("still served")));
            }
        }
    }

    /**
     * Its limit: out of file descriptors, accept() raises in main, nothing catches it, and main ends
     * with one line. The connections' threads keep the JVM alive, so the server looks up, and never
     * accepts anyone again, even once descriptors are free; it ends when its last client leaves
     * (the full server tries again every 100 ms:
     * {@code ThreadPerConnectionContractTest.outOfFileDescriptorsTheServerNeitherDiesNorSpinsAndRecovers}).
     */
    @Test
    void outOfFileDescriptorsMainEndsAndNobodyIsAcceptedAgain() throws Exception {
        assumeTrue(ChildServer.prlimitAvailable(), "prlimit (util-linux) is not installed");
        int limit = 64;
        String died = "NoteServer: java.io.IOException: Too many open files";
        try (ChildServer server = ChildServer.of(NoteServer.class).under(List.of("prlimit", "--nofile=" + limit + ":" + limit, "--")).start()) {
            long listener = sockets(server.pid());
            List<TestClient> clients = new ArrayList<>();
            try {
                while (!server.output().contains(died)) {
                    assertThat(clients).as("clients connected, and accept() has not failed").hasSizeLessThan(limit);
                    TestClient c = TestClient.connect(server.port());
                    clients.add(c);
                    c.send(ascii("hello")); // answered, unless it waits in the backlog for an accept that failed
                    eventually(() -> assertThat(c.socket().getInputStream().available() > 0
                            || server.output().contains(died)).isTrue());
                }
                for (TestClient c : clients.subList(1, clients.size())) {
                    c.reset(); // except Exception: break: their threads end, their sockets are closed
                }
                eventually(() -> assertThat(sockets(server.pid())).as("sockets once all but one left").isEqualTo(listener + 1));
                try (TestClient late = TestClient.connect(server.port())) { // the kernel completes it: backlog
                    late.send(ascii("anyone there?"));
                    assertNothingArrivesWithin(late, Duration.ofSeconds(1));
                }
                assertThat(server.isAlive()).isTrue();
                clients.get(0).reset(); // the last one leaves (a close would leave its thread spinning)
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            eventually(() -> assertThat(server.isAlive()).as("alive once its last thread has ended").isFalse());
            assertThat(server.stop()).as("exit code of a main that threw").isEqualTo(1);
        }
    }

    @Test
    void itsFlagsArePortAndHelp() throws Exception {
        NoteServerKit.assertFlags(List.of(), NoteServer.class, 8082);
    }
}
