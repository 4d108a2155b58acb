package io.models.conformance.cases;

import io.models.common.linux.Proc;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The two cases that read the server's process in /proc ({@code --pid}): {@code cleanup} (what
 * it holds comes back to its baseline) and {@code idle-cpu} (it does not run while nobody sends).
 */
final class ProcessCases {

    static final Case CLEANUP = new Case("cleanup", "after 100 closes and 300 resets the server's descriptors and "
            + "threads are back to their baseline (needs --pid)", true, Case.LONG, ProcessCases::cleanup);
    static final Case IDLE_CPU = new Case("idle-cpu", "with 100 idle connections the server uses under 2% of a core "
            + "over 3 s (needs --pid)", true, Case.LONG, ProcessCases::idleCpu);

    /**
     * Threads a server's runtime may start on its own while the case runs (a JVM's garbage
     * collector and compiler start workers when they see work; so does Go's scheduler): up to
     * this many above the baseline are not the server's. A thread kept per connection is 400 more.
     */
    static final int RUNTIME_THREADS = 4;

    private ProcessCases() {
    }

    static void cleanup(Session s) throws Exception {
        Proc p = s.proc();
        Ending[] endings = Ending.values();
        for (int i = 0; i < 40; i++) { // warm-up: what the server starts lazily is started before the baseline
            endings[i % endings.length].client(s, i);
        }
        long[] base = settle(s, p);
        int n = 100 * endings.length;
        for (int i = 0; i < n; i++) {
            try {
                endings[i % endings.length].client(s, i);
            } catch (CaseFailed e) {
                throw new CaseFailed("after %d of %d connections: %s".formatted(i, n, e.getMessage()));
            }
        }
        Duration patience = s.wait.multipliedBy(2);
        s.waitingFor("the server's descriptors and threads to come back to their baseline");
        long deadline = System.nanoTime() + patience.toNanos();
        long fds;
        long threads;
        do {
            fds = read(p, Proc::fds);
            threads = read(p, Proc::threads);
            if (fds <= base[0] && threads <= base[1] + RUNTIME_THREADS) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        String why = "%d s after 100 closes and 300 resets the server still has %d descriptors (%d before) and %d threads (%d before)"
                .formatted(patience.toSeconds(), fds, base[0], threads, base[1]);
        if (fds - base[0] >= 50) {
            why += ": connections it never closed";
        } else if (threads - base[1] >= 50) {
            why += ": threads that outlive their connection";
        }
        throw new CaseFailed(why);
    }

    static void idleCpu(Session s) throws Exception {
        Proc p = s.proc();
        int n = 100;
        for (int i = 0; i < n; i++) {
            s.connect("idle client " + i); // connected, and says nothing
        }
        settle(s, p);
        List<String> measured = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            s.waitingFor("a 3 s window of the server's CPU time with " + n + " idle connections");
            long ticks = read(p, Proc::cpuTicks);
            long start = System.nanoTime();
            Thread.sleep(3000); // the window measured
            double seconds = (System.nanoTime() - start) / 1e9;
            double percent = 100.0 * (read(p, Proc::cpuTicks) - ticks) / Proc.TICKS_PER_SECOND / seconds;
            if (percent < 2.0) {
                return;
            }
            measured.add("%.1f%%".formatted(percent));
            if (percent >= 20.0) {
                break; // no settling after the cases before (a JIT, a GC) costs this much for 3 s: it spins
            }
            // a little over: maybe still settling after the cases before; a server that spins spins in every window
        }
        throw new CaseFailed(("used %s of a core over %s of 3 s with %d idle connections: it runs while nobody "
                + "sends (busy polling, as 三、非阻塞IO: 循环调用recv()将大幅度推高CPU占用率; or a wait with a short "
                + "timeout)").formatted(String.join(", ", measured), measured.size() == 1 ? "a window" :
                measured.size() + " windows", n));
    }

    /**
     * Waits until the server's descriptors and threads have not changed for half a second (at
     * most {@code --wait} twice over) and returns them: {fds, threads}.
     */
    static long[] settle(Session s, Proc p) throws Exception {
        s.waitingFor("the server's descriptors and threads to settle");
        long end = System.nanoTime() + s.wait.multipliedBy(2).toNanos();
        long fds = read(p, Proc::fds);
        long threads = read(p, Proc::threads);
        long since = System.nanoTime();
        while (System.nanoTime() - since < 500_000_000L && System.nanoTime() < end) {
            Thread.sleep(50);
            long f = read(p, Proc::fds);
            long t = read(p, Proc::threads);
            if (f != fds || t != threads) {
                fds = f;
                threads = t;
                since = System.nanoTime();
            }
        }
        return new long[] {fds, threads};
    }

    /** One figure of the server's process, from {@link Proc}. */
    interface Reading {
        long of(Proc p) throws IOException;
    }

    /** {@code reading} of the server's process; a process that has exited fails the case, saying so. */
    static long read(Proc p, Reading reading) throws CaseFailed {
        try {
            return reading.of(p);
        } catch (IOException e) {
            if (e instanceof NoSuchFileException || !p.alive()) {
                throw new CaseFailed("the server process " + p.pid() + " has exited");
            }
            throw new CaseFailed("cannot read /proc/" + p.pid() + ": " + e.getMessage());
        }
    }
}
