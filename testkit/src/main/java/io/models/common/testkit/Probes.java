package io.models.common.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import io.models.common.linux.Proc;
import io.models.common.server.EchoServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ThrowingRunnable;

/** What a test measures instead of assuming: descriptors, threads, and waiting with a deadline. */
public final class Probes {

    /** Generous for a loaded 2-core machine; a condition that holds returns as soon as it does. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    private Probes() {
    }

    /** Open file descriptors of this JVM (sockets included). */
    public static long openFds() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getOpenFileDescriptorCount();
    }

    /** Live platform threads whose name starts with {@code prefix}. */
    public static int liveThreads(String prefix) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    /** CPU time (user + system) used so far by the live threads whose name starts with {@code prefix}. */
    public static long cpuNanos(String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                long ns = threads.getThreadCpuTime(t.threadId());
                sum += Math.max(0, ns);
            }
        }
        return sum;
    }

    /**
     * How long (ns) the live threads of this JVM whose kernel name starts with {@code prefix} have
     * been running or ready to run (waiting for a core), from {@code /proc/self/task/TID/schedstat};
     * -1 where there is no such file (not Linux). Unlike CPU time, this does not shrink when the
     * machine is busy: a thread that never sleeps is runnable the whole time, on a core or not.
     * Kernel names are cut at 15 characters, so {@code prefix} is cut there too.
     */
    public static long runnableNanos(String prefix) {
        String name = prefix.length() > 15 ? prefix.substring(0, 15) : prefix;
        if (!Proc.available()) {
            return -1;
        }
        try {
            return Proc.self().runnableNanos(thread -> thread.startsWith(name));
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Lets {@code window} of wall-clock time pass. Only for measuring a rate over an interval (CPU
     * used while idle, wake-ups while idle); to wait for something to happen, use {@link #eventually}.
     */
    public static void measureOver(Duration window) {
        long end = System.nanoTime() + window.toNanos();
        for (long left = window.toNanos(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * Samples {@code server} until it has stopped reading (no new bytes in for 0.5 s, within
     * {@link #DEADLINE}): a client has stopped reading, every buffer between them is full, and the
     * server must not read more.
     *
     * @return the most bytes the server held pending while it was sampled
     */
    public static long untilTheServerStopsReading(EchoServer server) {
        long maxPending = 0;
        long lastIn = -1;
        int unchanged = 0;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (unchanged < 5) {
            assertThat(System.nanoTime()).as("server still reading the stalled client after %s", DEADLINE)
                    .isLessThan(deadline);
            measureOver(Duration.ofMillis(100));
            long in = server.stats().bytesIn();
            maxPending = Math.max(maxPending, server.stats().bytesPending());
            unchanged = in == lastIn ? unchanged + 1 : 0;
            lastIn = in;
        }
        return maxPending;
    }

    /** Checks {@code assertion} every 20 ms until it passes, failing with its message after {@link #DEADLINE}. */
    public static void eventually(ThrowingRunnable assertion) {
        eventually(DEADLINE, assertion);
    }

    public static void eventually(Duration deadline, ThrowingRunnable assertion) {
        await().atMost(deadline).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .untilAsserted(assertion);
    }
}
