package io.models.common.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.models.common.linux.Proc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the tests of every chapter's {@code NoteServer} (the note's Python, line by line, in a JVM of
 * its own) share: the note's client, silence over a window, what the child holds, and its flags.
 */
public final class NoteServerKit {

    private NoteServerKit() {
    }

    /**
     * The note's client, once round its loop: {@code client.send(cmd.encode('utf-8'))}, then one
     * {@code data = client.recv(1024)}, decoded: whatever the first read brings, at most 1024 bytes.
     */
    public static String noteClient(TestClient client, String line) throws IOException {
        client.send(line.getBytes(StandardCharsets.UTF_8));
        byte[] data = new byte[1024];
        int n = client.socket().getInputStream().read(data);
        assertThat(n).as("bytes of the reply to %s", line).isPositive();
        return new String(data, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Nothing arrives for {@code client} during {@code window}: it gets no byte and no end of stream.
     * A window can only show that something has not happened yet; a test says what happens after.
     */
    public static void assertNothingArrivesWithin(TestClient client, Duration window) throws IOException {
        Socket s = client.socket();
        s.setSoTimeout((int) window.toMillis());
        try {
            int b = s.getInputStream().read();
            fail("expected silence for %s, got %s", window, b < 0 ? "end of stream" : "byte " + b);
        } catch (SocketTimeoutException expected) {
            // silence, as expected; the socket stays usable
        } finally {
            s.setSoTimeout(TestClient.TIMEOUT_MS);
        }
    }

    /** Sockets (listeners and connections) the process {@code pid} holds open, from /proc. */
    public static long sockets(long pid) throws IOException {
        return Proc.of(pid).fdTargets().stream().filter(target -> target.startsWith("socket:")).count();
    }

    /**
     * Threads of the process {@code pid} whose name starts with {@code prefix} (Linux keeps 15
     * characters of it), from /proc: a plain {@code new Thread()} is named {@code Thread-N}.
     */
    public static long threads(long pid, String prefix) throws IOException {
        return Proc.of(pid).tasks().stream().filter(t -> t.name().startsWith(prefix)).count();
    }

    /** The share of one core the child used over {@code window} (CPU ticks over wall time). */
    public static double cpuShare(ChildServer child, Duration window) throws IOException {
        long ticks = child.cpuTicks();
        long start = System.nanoTime();
        Probes.measureOver(window);
        return (child.cpuTicks() - ticks) * (1e9 / Proc.TICKS_PER_SECOND) / (System.nanoTime() - start);
    }

    /**
     * The busiest of up to three {@link #cpuShare} windows: a loop that never sleeps takes all the
     * CPU the scheduler gives it, and on a shared 2-core machine one window may get much less.
     */
    public static double busiestCpuShare(ChildServer child, Duration window) throws IOException {
        double busiest = 0;
        for (int i = 0; i < 3 && busiest < 0.5; i++) {
            busiest = Math.max(busiest, cpuShare(child, window));
        }
        return busiest;
    }

    /**
     * A loop that never sleeps, measured: the child uses at least a tenth of a core and ten times what
     * it used when {@code quiet} was measured in the same run (not an absolute figure: the machine
     * may be busy with other builds).
     */
    public static void assertSpinning(ChildServer child, double quiet) throws IOException {
        double spinning = busiestCpuShare(child, Duration.ofSeconds(2));
        assertThat(spinning).as("share of a core used, against %.3f when it was waiting", quiet)
                .isGreaterThan(0.1).isGreaterThan(10 * quiet);
    }

    /**
     * A client with a small receive buffer sends {@code size} bytes of {@code 'a'} and reads nothing
     * until all of them are sent; then it half-closes and reads until the server ends the stream.
     *
     * @return how many bytes came back
     */
    public static long bytesBackWhenNotReadingUntilAllIsSent(int port, int size) throws Exception {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(64 * 1024); // before connect: the window stays small, no autotuning
            s.connect(new InetSocketAddress("127.0.0.1", port), TestClient.TIMEOUT_MS);
            s.setSoTimeout(TestClient.TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'a');
                try {
                    for (int off = 0; off < size; off += chunk.length) {
                        out.write(chunk, 0, Math.min(chunk.length, size - off));
                    }
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            sent.get(Probes.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            long back = 0;
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                back += n;
            }
            return back;
        }
    }

    /**
     * A client with a small receive buffer sends {@code payload} and reads nothing until its writes
     * have stalled (nothing more went out for half a second, within {@link Probes#DEADLINE}): every
     * buffer between it and the server is full, and the server's writes take part of a reply or
     * nothing. Then it reads, while the rest goes out.
     *
     * @return what came back, as many bytes as were sent (a 30 s silence or an early end fails)
     */
    public static byte[] sendUntilStalledThenRead(int port, byte[] payload) throws Exception {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(64 * 1024);
            s.connect(new InetSocketAddress("127.0.0.1", port), TestClient.TIMEOUT_MS);
            s.setSoTimeout(TestClient.TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    for (int off = 0; off < payload.length; off += 64 * 1024) {
                        int n = Math.min(64 * 1024, payload.length - off);
                        out.write(payload, off, n);
                        written.addAndGet(n);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long deadline = System.nanoTime() + Probes.DEADLINE.toNanos();
            for (int unchanged = 0; unchanged < 5 && !sent.isDone(); ) {
                assertThat(System.nanoTime()).as("the client's writes never stalled").isLessThan(deadline);
                long before = written.get();
                Probes.measureOver(Duration.ofMillis(100));
                unchanged = written.get() == before ? unchanged + 1 : 0;
            }
            byte[] reply = new byte[payload.length];
            InputStream in = s.getInputStream();
            for (int got = 0; got < reply.length; ) {
                int n = in.read(reply, got, reply.length - got);
                assertThat(n).as("bytes read after %d of %d", got, reply.length).isNotNegative();
                got += n;
            }
            sent.get(Probes.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            return reply;
        }
    }

    /**
     * The flags a NoteServer parses by hand: {@code --help} prints the usage naming the default port
     * and exits 0; an unknown flag, a {@code --port} without a port, or a port over 65535 print one
     * line and the usage and exit 2; a port in use prints one line (the exception that ended main)
     * and exits 1. No stack trace.
     */
    public static void assertFlags(List<String> jvmArgs, Class<?> main, int defaultPort) throws Exception {
        ChildServer.Run help = ChildServer.of(main).jvm(jvmArgs).args("--help").run();
        assertThat(help.exitCode()).isZero();
        assertThat(help.lines()).hasSize(1);
        assertThat(help.lines().get(0)).startsWith("usage: NoteServer [--port PORT]")
                .contains(defaultPort + " if not given");

        for (List<String> bad : List.of(List.of("--host", "::1"), List.of("--port"), List.of("--port", "65536"),
                List.of("--port", "80", "--help"))) {
            ChildServer.Run run = ChildServer.of(main).jvm(jvmArgs).args(bad).run();
            assertThat(run.exitCode()).as("exit code of %s", bad).isEqualTo(2);
            assertThat(run.lines()).as("output of %s", bad)
                    .containsExactly("not a flag of this server: " + String.join(" ", bad), help.lines().get(0));
        }

        try (ServerSocket taken = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ChildServer.Run run = ChildServer.of(main).jvm(jvmArgs).args("--port", String.valueOf(taken.getLocalPort())).run();
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.lines()).hasSize(1);
            assertThat(run.lines().get(0)).startsWith("NoteServer: java.net.BindException: ");
        }
    }
}
