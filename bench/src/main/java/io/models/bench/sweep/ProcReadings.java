package io.models.bench.sweep;

import io.models.common.linux.Proc;
import java.io.IOException;

/**
 * What the bench reads from /proc (through common's {@link Proc}) while a point runs: the server's
 * CPU, threads and RSS, the most of them seen, and the CPU of this JVM's load generator threads.
 */
public final class ProcReadings {

    private ProcReadings() {
    }

    /** The server's CPU, RSS and threads now; null if it is gone or not known (pid -1). */
    public static Proc.Sample sample(long pid) {
        return pid < 0 ? null : Proc.of(pid).sample();
    }

    /** CPU clock ticks as seconds. */
    public static double seconds(long ticks) {
        return (double) ticks / Proc.TICKS_PER_SECOND;
    }

    /** The CPU ticks of this JVM's load generator threads ({@code bench-load-N}); -1 without /proc. */
    static long loadThreadTicks() {
        try {
            return Proc.self().tasks().stream().filter(t -> t.name().startsWith("bench-load-"))
                    .mapToLong(Proc.Task::cpuTicks).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The most threads and RSS a server showed over a window, from the samples added (a null one is none). */
    static final class Peaks {
        private int threads;
        private long rssKiB;

        synchronized void add(Proc.Sample s) {
            if (s != null) {
                threads = Math.max(threads, s.threads());
                rssKiB = Math.max(rssKiB, s.rssKiB());
            }
        }

        synchronized int threads() {
            return threads;
        }

        synchronized long rssKiB() {
            return rssKiB;
        }
    }
}
