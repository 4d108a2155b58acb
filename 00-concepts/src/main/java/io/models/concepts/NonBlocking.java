package io.models.concepts;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 非阻塞 (non-blocking): "指在不能立刻得到结果之前也会立刻返回,同时该函数不会阻塞当前线程" (when the
 * result cannot be had at once, the call still returns at once, and it does not block the current
 * thread). The same read as in {@link Blocking}, after {@code configureBlocking(false)}, the note's
 * {@code setblocking(False)}: with no data it returns 0 (where Python raises
 * {@code BlockingIOError}), and the reader asks again, and again, until the data is there.
 */
final class NonBlocking {

    /**
     * What happened. {@code zeroes} calls returned 0, taking {@code zeroNanos} in all; the reader
     * asked for {@code pollingNanos} (first call to data), used {@code cpuNanos} of CPU doing so and
     * waited {@code readyNanos} for a CPU (-1: not measured); the call that found data returned {@code bytes}.
     */
    record Result(Timeline timeline, long zeroes, long zeroNanos, long pollingNanos, long cpuNanos, long readyNanos,
                  int bytes) {
    }

    static final String READER = "reader";

    private NonBlocking() {
    }

    /** The tour sends the data once the reader has had {@code zeroesFirst} empty answers. */
    static Result run(long zeroesFirst) throws Exception {
        Timeline timeline = new Timeline();
        AtomicLong zeroes = new AtomicLong();
        CompletableFuture<Result> result = new CompletableFuture<>(); // the reader's figures
        try (Loopback connection = Loopback.open()) {
            SocketChannel conn = connection.server();
            conn.configureBlocking(false); // setblocking(False)
            Watched reader = Watched.platform(READER, () -> {
                ByteBuffer buf = ByteBuffer.allocate(64);
                timeline.mark("reads", "read() on a socket with no data, in non-blocking mode, in a loop");
                long deadline = System.nanoTime() + Watch.DEADLINE.toNanos();
                long tid = Watched.kernelId();
                long ready = Watch.readyNanos(tid);
                long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                long start = System.nanoTime();
                long total = 0;
                int n;
                while (true) {
                    long t = System.nanoTime();
                    n = conn.read(buf); // 0: no data yet (Python: BlockingIOError); returns at once either way
                    long took = System.nanoTime() - t;
                    if (n != 0) {
                        break;
                    }
                    total += took;
                    if (zeroes.incrementAndGet() == 1) {
                        timeline.mark("zero", "read() returned 0 at once: no data yet");
                    }
                    if (t - deadline > 0) {
                        throw new IllegalStateException("no data within " + Watch.DEADLINE.toSeconds() + " s");
                    }
                }
                long polling = System.nanoTime() - start;
                cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
                ready = ready < 0 ? -1 : Watch.readyNanos(tid) - ready;
                timeline.mark("data", "read() returned %d bytes, after %,d calls that returned 0"
                        .formatted(n, zeroes.get()));
                result.complete(new Result(timeline, zeroes.get(), total, polling, cpu, ready, n));
            });
            Watch.until("the reader's first %,d empty answers".formatted(zeroesFirst), () -> zeroes.get() >= zeroesFirst);
            timeline.observer("send", "sends 5 bytes to the socket");
            connection.send("hello");
            reader.join();
            return result.getNow(null);
        }
    }
}
