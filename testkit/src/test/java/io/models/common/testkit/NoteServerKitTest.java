package io.models.common.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.models.common.linux.Proc;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NoteServers' kit against the kit's own reference server (a thread per connection, in its
 * own JVM): what each helper reports of a server that serves right and waits while idle. The
 * chapters' NoteServer tests use it on the note's servers, where the verdicts differ.
 */
class NoteServerKitTest {

    private static ChildServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ChildServer.of(new ReferenceChapter()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRightServerSendsEveryByteBackEvenToAClientThatReadsOnlyAtTheEnd() throws Exception {
        int size = 4 * 1024 * 1024;
        assertThat(NoteServerKit.bytesBackWhenNotReadingUntilAllIsSent(server.port(), size)).isEqualTo(size);
    }

    @Test
    void aClientThatStallsGetsItsWholeReplyOnceItReads() throws Exception {
        byte[] payload = new byte[2 * 1024 * 1024];
        Arrays.fill(payload, (byte) 'q');
        byte[] expected = new byte[payload.length];
        Arrays.fill(expected, (byte) 'Q');
        assertThat(NoteServerKit.sendUntilStalledThenRead(server.port(), payload)).isEqualTo(expected);
    }

    @Test
    void aServerThatAnsweredSaysNothingMoreAndCountsItsSockets() throws Exception {
        try (TestClient client = TestClient.connect(server.port())) {
            assertThat(NoteServerKit.noteClient(client, "abc")).isEqualTo("ABC");
            NoteServerKit.assertNothingArrivesWithin(client, Duration.ofMillis(200));
            client.send("d".getBytes(StandardCharsets.UTF_8));
            assertThat(client.readExactly(1)).isEqualTo("D".getBytes(StandardCharsets.UTF_8)); // still usable
            Assumptions.assumeTrue(Proc.available(), "reads /proc");
            // the listener and this client's connection at least
            await().atMost(Probes.DEADLINE).until(() -> NoteServerKit.sockets(server.pid()) >= 2);
            assertThat(NoteServerKit.threads(server.pid(), "no thread is named so")).isZero();
        }
    }

    @Test
    void anIdleServerIsNotSpinning() throws Exception {
        Assumptions.assumeTrue(Proc.available(), "reads /proc");
        double quiet = NoteServerKit.cpuShare(server, Duration.ofMillis(500));
        // waiting in accept(): a few % of a core at most (the JVM's housekeeping); 1.0 would be a spin
        assertThat(NoteServerKit.busiestCpuShare(server, Duration.ofMillis(300))).isLessThan(0.5);
        assertThatThrownBy(() -> NoteServerKit.assertSpinning(server, quiet))
                .isInstanceOf(AssertionError.class).hasMessageContaining("limit 0.9");
    }
}
