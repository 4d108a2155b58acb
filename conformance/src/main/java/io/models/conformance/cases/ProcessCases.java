package io.models.conformance.cases;

import io.models.common.linux.Proc;
import io.models.conformance.Messages;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The two cases that read the server's processes in /proc ({@code --pid} or {@code --exec}):
 * {@code cleanup} (what they hold comes back to its baseline) and {@code idle-cpu} (they do not run
 * while nobody sends, even after every connection has been answered once).
 */
final class ProcessCases {

    static final Case CLEANUP = new Case("cleanup", true, Case.LONG, ProcessCases::cleanup);
    static final Case IDLE_CPU = new Case("idle-cpu", true, Case.LONG, ProcessCases::idleCpu);

    /**
     * Threads a server's runtime may start on its own while the case runs (a JVM's garbage
     * collector and compiler start workers when they see work; so does Go's scheduler): up to
     * this many above the baseline are not the server's. A thread kept per connection is 400 more.
     */
    static final int RUNTIME_THREADS = 4;
    /** The share of a core a quiet server stays under while idle. */
    static final double IDLE_PERCENT = 2.0;
    /** A share of a core that no settling after the cases before costs for 3 s: the server spins. */
    static final double SPINS = 20.0;

    private ProcessCases() {
    }

    static void cleanup(Session s) throws Exception {
        ServerProcess p = s.proc();
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
                throw new CaseFailed(Messages.get("cleanup.after", i, n, e.getMessage()));
            }
        }
        Duration patience = s.wait.multipliedBy(2);
        s.waitingFor(Messages.get("cleanup.waiting"));
        long deadline = System.nanoTime() + patience.toNanos();
        long fds;
        long threads;
        do {
            fds = read(p, ServerProcess::fds);
            threads = read(p, ServerProcess::threads);
            if (fds <= base[0] && threads <= base[1] + RUNTIME_THREADS) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        String why = Messages.get("cleanup.left", patience.toSeconds(), fds, base[0], threads, base[1]);
        if (fds - base[0] >= 50) {
            why += Messages.get("cleanup.fds");
        } else if (threads - base[1] >= 50) {
            why += Messages.get("cleanup.threads");
        }
        throw new CaseFailed(why);
    }

    /**
     * 100 connections, idle first, then each after one round trip: a server that spins in both is
     * polling; one that is quiet until it has replied, and spins after, left writing on (OP_WRITE,
     * POLLOUT) once its reply was sent, and its selector returns at once for ever.
     */
    static void idleCpu(Session s) throws Exception {
        ServerProcess p = s.proc();
        int n = 100;
        List<CaseClient> idle = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            idle.add(s.connect(Messages.get("label.idle-client", i))); // connected, and says nothing
        }
        settle(s, p);
        double before = cpuPercent(s, p, Duration.ofSeconds(1), Messages.get("idle.window-before", n));
        double busyBefore = s.serverBusyPercent(Duration.ofSeconds(1)); // never sleeping, however loaded the machine
        List<String> outcomes = IdleClients.roundTrips(s, idle, i -> Requests.ascii("idle client %03d".formatted(i)));
        for (String why : outcomes) {
            if (why != null && !why.isEmpty()) {
                throw new CaseFailed(why);
            }
        }
        settle(s, p);
        List<String> measured = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            double percent = cpuPercent(s, p, Duration.ofSeconds(3), Messages.get("idle.window", n));
            if (percent < IDLE_PERCENT) {
                return;
            }
            measured.add(Replies.percent(percent));
            if (percent >= SPINS) {
                break; // no settling after the cases before (a JIT, a GC) costs this much for 3 s: it spins
            }
            // a little over: maybe still settling after the cases before; a server that spins spins in every window
        }
        String windows = measured.size() == 1 ? Messages.get("idle.one-window") : Messages.get("idle.windows", measured.size());
        // Quiet until it had replied, spinning after: it keeps waking up for the sockets it has written to.
        boolean spinsOnlyAfterReplies = before < IDLE_PERCENT && busyBefore < CaseClient.SPINNING_PERCENT
                && s.serverBusyPercent(Duration.ofSeconds(1)) >= CaseClient.SPINNING_PERCENT;
        throw new CaseFailed(spinsOnlyAfterReplies
                ? Messages.get("idle.op-write", String.join(", ", measured), windows, n, Replies.percent(before))
                : Messages.get("idle.busy", String.join(", ", measured), windows, n));
    }

    /** The share of a core (%) the server used over {@code window}, waiting for it as {@code what}. */
    static double cpuPercent(Session s, ServerProcess p, Duration window, String what) throws Exception {
        s.waitingFor(what);
        long ticks = read(p, ServerProcess::cpuTicks);
        long start = System.nanoTime();
        Thread.sleep(window.toMillis()); // the window measured
        double seconds = (System.nanoTime() - start) / 1e9;
        return 100.0 * (read(p, ServerProcess::cpuTicks) - ticks) / Proc.TICKS_PER_SECOND / seconds;
    }

    /**
     * Waits until the server's descriptors and threads have not changed for half a second (at
     * most {@code --wait} twice over) and returns them: {fds, threads}.
     */
    static long[] settle(Session s, ServerProcess p) throws Exception {
        s.waitingFor(Messages.get("process.settle"));
        long end = System.nanoTime() + s.wait.multipliedBy(2).toNanos();
        long fds = read(p, ServerProcess::fds);
        long threads = read(p, ServerProcess::threads);
        long since = System.nanoTime();
        while (System.nanoTime() - since < 500_000_000L && System.nanoTime() < end) {
            Thread.sleep(50);
            long f = read(p, ServerProcess::fds);
            long t = read(p, ServerProcess::threads);
            if (f != fds || t != threads) {
                fds = f;
                threads = t;
                since = System.nanoTime();
            }
        }
        return new long[] {fds, threads};
    }

    /** One figure of the server's processes. */
    interface Reading {
        long of(ServerProcess p) throws IOException;
    }

    /** {@code reading} of the server's processes; a server that has exited fails the case, saying so. */
    static long read(ServerProcess p, Reading reading) throws CaseFailed {
        try {
            return reading.of(p);
        } catch (IOException e) {
            if (e instanceof NoSuchFileException || !p.alive()) {
                throw new CaseFailed(Messages.get("process.exited", p.pid()));
            }
            throw new CaseFailed(Messages.get("process.unreadable", p.pid(), e.getMessage()));
        }
    }
}
