package io.models.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.bench.server.RunningServer;
import io.models.common.protocol.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak fails what it must: a server that answers one wrong byte, one that drops connections it
 * should keep, one that leaks a descriptor for every connection a client resets. Each is a small
 * thread-per-connection server in the test's JVM (so the soak reads this JVM from outside: its
 * descriptors count the clients' ends too, which changes nothing to a leak), under a small mix for a
 * few seconds instead of minutes.
 */
class SoakFaultsTest {

    /** A small mix: fewer connections, a 2 s stall; the reset clients as fast as they go. */
    private static final Mix SMALL = new Mix(4, 64, 20, 64 * 1024, 2, Duration.ofMillis(5), Duration.ofSeconds(2),
            Duration.ofSeconds(1));
    /** 12 s, a sample every 2 s, a "first minute" of 4 s: three samples in it, four after. */
    private static final Soak.Timing SHORT = new Soak.Timing(Duration.ofSeconds(12), Duration.ofSeconds(2), Duration.ofSeconds(4));

    @TempDir
    Path out;

    /** What a test server does with one connection: it echoes upper-cased, and may misbehave. */
    private interface Conduct {
        /** Returns when the connection is over; closes the socket or not, as the server under test would. */
        void serve(Socket s) throws IOException;
    }

    /** A thread per connection; close() ends the listener and every socket it ever accepted. */
    private static final class TestServer implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        final Queue<Socket> accepted = new ConcurrentLinkedQueue<>();

        TestServer(Conduct conduct) throws IOException {
            Thread.ofPlatform().daemon().name("test-server-accept").start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket s = listener.accept();
                        accepted.add(s);
                        Thread.ofPlatform().daemon().name("test-server-conn").start(() -> {
                            try {
                                conduct.serve(s);
                            } catch (IOException e) {
                                // the client reset or left: the conduct said what to close
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        /** This JVM is the server's process. */
        RunningServer running() {
            return RunningServer.of("127.0.0.1:" + listener.getLocalPort(), ProcessHandle.current().pid());
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    /**
     * Echoes every byte upper-cased until the client ends; the byte at {@code flipAt} of the stream (if
     * not -1) goes back wrong. {@code close}: false leaves the socket open when the client has gone.
     */
    private static Conduct echo(long flipAt, boolean close) {
        return s -> {
            InputStream in = s.getInputStream();
            OutputStream os = s.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            long at = 0;
            try {
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    byte[] reply = Protocol.upper(java.util.Arrays.copyOf(buf, n));
                    if (flipAt >= at && flipAt < at + n) {
                        reply[(int) (flipAt - at)] ^= 0x20;
                    }
                    at += n;
                    os.write(reply);
                }
            } finally {
                if (close) {
                    s.close();
                }
            }
        };
    }

    private static Soak.Result soak(TestServer server) throws Exception {
        Soak soak = new Soak(server.running(), SMALL, SHORT, Path.of(System.getProperty("java.home")), s -> { });
        return soak.run();
    }

    @Test
    void aCorrectServerPassesWithEveryPartOfTheMixChecked() throws Exception {
        Soak.Result r;
        try (TestServer server = new TestServer(echo(-1, true))) {
            r = soak(server);
        }

        assertThat(r.fault()).isNull();
        assertThat(r.heapNote()).isNull();
        assertThat(r.stopped()).isFalse();
        assertThat(r.samples()).hasSize(7); // 0, 2, ... 12 s
        assertThat(r.totals().requests()).isPositive();
        assertThat(r.totals().streamBytes()).isPositive();
        assertThat(r.totals().resets()).doesNotContain(0L); // each of the three ways
        assertThat(r.totals().resetBytes()).isPositive();
        assertThat(r.totals().stalls()).isPositive();
        assertThat(r.totals().slowBytes()).isPositive();
        assertThat(r.totals().mostHeld()).isPositive();
        assertThat(r.totals().longestDrain()).as("late bytes are timed, not failed").isPositive()
                .isLessThan(SlowReader.DRAIN);
        assertThat(r.totals().errorSamples()).isEmpty();
        assertThat(r.samples()).allSatisfy(s -> {
            assertThat(s.descriptors()).isGreaterThan(2 * SMALL.held()); // both ends of every connection are in this JVM
            assertThat(s.rssKiB()).isPositive();
            assertThat(s.heapKiB()).isPositive(); // jcmd read this JVM's heap
        });
    }

    @Test
    void oneWrongByteFailsTheSoakAtOnce() throws Exception {
        long start = System.nanoTime();
        Soak.Result r;
        try (TestServer server = new TestServer(echo(100, true))) { // every connection's 101st byte
            r = soak(server);
        }

        assertThat(r.fault()).isNotNull();
        assertThat(r.fault().kind()).isEqualTo(Faults.Kind.WRONG_BYTE);
        assertThat(r.fault().what()).contains("expected 0x");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT.length()); // it did not wait for its time
        SoakReport report = report(r);
        assertThat(report.passed()).isFalse();
        assertThat(report.verdict()).startsWith("FAILED (a wrong byte): ");
    }

    @Test
    void aConnectionTheServerDropsIsAMissingByte() throws Exception {
        Soak.Result r;
        try (TestServer server = new TestServer(s -> {
            s.setSoTimeout(3000); // a server that drops a client silent for 3 s: the idle ones
            echo(-1, true).serve(s);
        })) {
            r = soak(server);
        }

        assertThat(r.fault()).isNotNull();
        assertThat(r.fault().kind()).isEqualTo(Faults.Kind.MISSING_BYTE);
        assertThat(report(r).verdict()).startsWith("FAILED (a missing byte): ");
    }

    @Test
    void aDescriptorLeakedForEveryResetConnectionIsDriftInTheReportAndTheChart() throws Exception {
        Soak.Result r;
        try (TestServer server = new TestServer(echo(-1, false))) { // never closes a connection the client ended
            r = soak(server);
        }

        assertThat(r.fault()).isNull(); // every byte was right: only the descriptors tell
        SoakReport report = report(r);
        Drift drift = report.drift();
        Drift.Measure fds = drift.measures().get(0);
        assertThat(fds.name()).isEqualTo("open descriptors");
        assertThat(fds.drifted()).isTrue();
        assertThat(fds.growth()).isGreaterThan(100); // hundreds of resets, one descriptor each
        assertThat(report.passed()).isFalse();
        assertThat(report.verdict()).startsWith("DRIFT: open descriptors +");

        SoakReport.Written w = report.write(out);
        String md = Files.readString(w.markdown());
        assertThat(md).contains("**DRIFT: open descriptors +").contains("| open descriptors | ").contains("**drift**");
        assertThat(Files.readAllLines(w.csv())).hasSize(1 + r.samples().size()).first().isEqualTo(Sample.CSV_HEADER);
        assertThat(w.chart()).isNotNull();
        byte[] png = Files.readAllBytes(w.chart());
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    private static SoakReport report(Soak.Result r) {
        return new SoakReport("test", "a test", List.of("java", "-jar", "x.jar"), "now", 1, io.models.bench.server.Machine.describe(),
                "test", "0 / 0 / 0", "0 / 0 / 0", 1, SMALL, SHORT, r);
    }
}
