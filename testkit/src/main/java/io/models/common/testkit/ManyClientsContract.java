package io.models.common.testkit;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.ContractSuite.ascii;
import static io.models.common.testkit.ContractSuite.assertServes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.protocol.Protocol;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The contract's cases with several clients connected at once: each gets its own bytes, and what
 * one client does (read nothing, come past the connection limit, trip a fault) leaves the others served.
 */
interface ManyClientsContract {

    /** The suite running these cases: its server under test and its hooks. */
    ContractSuite suite();

    // 2. Many clients at once each get exactly their own bytes.

    @Test
    default void concurrentClientsEachGetTheirOwnBytes() throws Exception {
        EchoServer server = suite().server;
        int n = suite().concurrentClients();
        Exchanges.concurrentClientsEachGetTheirOwnBytes(server.port(), n);
        eventually(() -> {
            assertThat(server.stats().active()).isZero();
            assertThat(server.stats().accepted()).isEqualTo(n + 1); // + the warm-up
            assertThat(server.stats().bytesPending()).isZero();
        });
    }

    // 6. A client that sends a lot and reads nothing: the server holds at most 1 MiB for it,
    //    serves the others meanwhile, and loses nothing once it reads.

    @Test
    default void aSlowReaderMakesTheServerHoldAtMostOneMebibyteAndLosesNothing() throws Exception {
        EchoServer server = suite().server;
        byte[] payload = Bytes.random(64 * 1024 * 1024, 6);
        try (TestClient slow = TestClient.connect(server.port())) {
            CompletableFuture<Void> sending = slow.sendInChunks(payload, new Random(6), 64 * 1024);
            long maxPending = Probes.untilTheServerStopsReading(server);
            assertThat(maxPending).as("bytes the server held for the slow reader").isLessThanOrEqualTo(1024 * 1024);
            assertThat(server.stats().bytesIn()).as("the slow reader was stalled before sending it all")
                    .isLessThan(payload.length);
            if (suite().servesManyAtOnce()) {
                try (TestClient other = TestClient.connect(server.port())) {
                    byte[] small = Bytes.random(64 * 1024, 7);
                    assertSameBytes(Protocol.upper(small), other.roundTrip(small));
                }
            }
            byte[] reply = slow.readExactly(payload.length); // now it reads: every byte, in order
            sending.join();
            assertSameBytes(Protocol.upper(payload), reply);
        }
        eventually(() -> {
            assertThat(server.stats().active()).isZero();
            assertThat(server.stats().bytesPending()).isZero();
        });
    }

    // 8. --max-connections: one more is refused where its client can see it; the others go on.

    @Test
    default void overTheConnectionLimitANewClientIsRefusedAndTheOthersAreServed() throws IOException {
        assumeTrue(suite().servesManyAtOnce(), "serves one client at a time: at most one connection is open, "
                + "so a limit of 1 or more is never reached");
        EchoServer limited = suite().startAnother(ServerConfig.anyPort().withMaxConnections(3));
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                TestClient c = TestClient.connect(limited.port());
                clients.add(c);
                assertServes(c, "within the limit " + i);
            }
            try (TestClient fourth = TestClient.connect(limited.port())) {
                assertThat(fourth.readsEndOfStream()).as("the fourth client is closed at once").isTrue();
            }
            eventually(() -> assertThat(limited.stats().refused()).isEqualTo(1));
            assertThat(limited.stats().active()).isEqualTo(3);
            for (TestClient c : clients) {
                assertServes(c, "still served");
            }
            clients.remove(0).close(); // a slot frees
            eventually(() -> assertThat(limited.stats().active()).isEqualTo(2));
            try (TestClient next = TestClient.connect(limited.port())) {
                assertServes(next, "a slot was free");
            }
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
        eventually(() -> assertThat(limited.stats().active()).isZero());
        assertThat(limited.stats().refused()).isEqualTo(1);
    }

    // 12. A fault of the server's own in one connection closes that one only, with one ERROR line.

    @Test
    default void aFaultHandlingOneConnectionClosesThatOneOnlyAndLogsOneError() throws IOException {
        EchoServer faulty = suite().startAnother(ServerConfig.anyPort().withTransform(bytes -> {
            for (int i = bytes.position(); i < bytes.limit(); i++) {
                if (bytes.get(i) == '#') {
                    throw new IllegalStateException("injected fault");
                }
            }
            Protocol.upper(bytes);
        }));
        List<TestClient> others = new ArrayList<>();
        try {
            if (suite().servesManyAtOnce()) {
                for (int i = 0; i < 5; i++) {
                    TestClient c = TestClient.connect(faulty.port());
                    others.add(c);
                    assertServes(c, "bystander " + i);
                }
            }
            try (TestClient victim = TestClient.connect(faulty.port())) {
                victim.send(ascii("# this one fails"));
                assertThat(victim.drainsToEnd()).as("the failing connection is closed").isTrue();
            }
            eventually(() -> assertThat(faulty.stats().errors()).isEqualTo(1));
            for (TestClient c : others) {
                assertServes(c, "still served");
            }
            try (TestClient next = TestClient.connect(faulty.port())) {
                assertServes(next, "served after the fault");
            }
            LogCapture logs = suite().logs;
            List<LogRecord> errors = logs.records().stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
            assertThat(errors).as("ERROR lines").hasSize(1);
            assertThat(errors.get(0).getThrown()).as("the cause").hasMessage("injected fault");
            logs.clear(); // the one ERROR this test caused on purpose
        } finally {
            for (TestClient c : others) {
                c.close();
            }
        }
        eventually(() -> assertThat(faulty.stats().active()).isZero());
    }
}
