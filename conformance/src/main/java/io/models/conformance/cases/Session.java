package io.models.conformance.cases;

import io.models.conformance.Messages;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One case's run: the connections it opened (all closed when it ends, passed, failed or timed
 * out), how long a read may wait, the server's process if known, and what the case is waiting
 * for right now (the reason printed if its deadline passes). A case that tells something about
 * the server (the model) says it here ({@link #saw(String)}, {@link #evidence(String)}).
 */
public final class Session implements AutoCloseable {

    /**
     * What the run was told about the server.
     *
     * @param waitLimit   how long any one expected thing may take ({@code --wait})
     * @param models      the models the server may show ({@code --model select,poll}: any of them), or none
     * @param idleTimeout the server's own idle timeout ({@code --idle-timeout}), or null if it has none
     */
    public record Settings(Duration waitLimit, List<String> models, Duration idleTimeout) {

        public Settings {
            models = models == null ? List.of() : List.copyOf(models);
        }

        /** Only {@code --wait}: no model expected, no idle timeout. */
        public static Settings waiting(Duration wait) {
            return new Settings(wait, List.of(), null);
        }
    }

    final InetSocketAddress address;
    final Duration wait;
    final Settings settings;
    private final ServerProcess proc;
    private final Reach reach;
    private final Set<CaseClient> open = ConcurrentHashMap.newKeySet();
    private final List<String> evidence = new ArrayList<>();
    private volatile String saw = "";
    private volatile String waitingFor = Messages.get("session.starting");
    private volatile boolean aborted;

    /**
     * Whether any connection of the run has been made, and why the last one failed: a run whose
     * first case never connected is a server that cannot be reached, not a list of failed cases.
     */
    public static final class Reach {
        private final AtomicInteger connected = new AtomicInteger();
        private volatile String lastFailure; // null: none failed

        public boolean never() {
            return connected.get() == 0;
        }

        /** True if no connection has been made, and one was tried and failed. */
        public boolean failedOnly() {
            return never() && lastFailure != null;
        }

        public String lastFailure() {
            return lastFailure;
        }
    }

    /**
     * @param proc  the server's process, or null if it is not known
     * @param reach shared by every session of one run
     */
    public Session(InetSocketAddress address, Settings settings, ServerProcess proc, Reach reach) {
        this.address = address;
        this.wait = settings.waitLimit();
        this.settings = settings;
        this.proc = proc;
        this.reach = reach;
    }

    /**
     * Connects a new client, waiting at most {@code --wait} for the server to complete the
     * connection. Until the run's first connection has been made, a refused one is tried again
     * for up to {@code --wait}: a server started just before the checker may not listen yet.
     */
    public CaseClient connect(String label) throws CaseFailed {
        if (aborted) {
            throw new CaseFailed(Messages.get("session.stopped"));
        }
        waitingFor(Messages.get("session.connection-of", label));
        long startUntil = System.nanoTime() + wait.toNanos(); // the run's first connection: the server may be starting
        while (true) {
            try {
                return tryConnect(label);
            } catch (Refused e) {
                if (!reach.never() || System.nanoTime() - startUntil > 0 || aborted) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CaseFailed(Messages.get("session.stopped"));
            }
        }
    }

    /** Nobody listens on the port (yet, or any more). */
    static final class Refused extends CaseFailed {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why);
        }
    }

    private CaseClient tryConnect(String label) throws CaseFailed {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) wait.toMillis());
            s.setSoTimeout((int) wait.toMillis());
            CaseClient c = new CaseClient(this, s, label);
            open.add(c);
            reach.connected.incrementAndGet();
            if (aborted) { // stopped while connecting: this one too
                c.close();
            }
            return c;
        } catch (ConnectException e) {
            close(s);
            reach.lastFailure = Messages.get("session.refused");
            throw new Refused(Messages.get("session.refused-still-running", label));
        } catch (SocketTimeoutException e) {
            close(s);
            throw notConnected(label, Messages.get("session.not-connected", wait.toSeconds()),
                    Messages.get("session.backlog-hint"));
        } catch (IOException e) {
            close(s);
            String m = String.valueOf(e.getMessage());
            if (m.contains("Too many open files")) { // EMFILE has no exception type of its own
                throw new CaseFailed(Messages.get("session.out-of-fds", open.size()));
            }
            throw notConnected(label, Messages.get("session.cannot-connect", m), "");
        }
    }

    private CaseFailed notConnected(String label, String why, String hint) {
        reach.lastFailure = why;
        return new CaseFailed(label + ": " + why + (hint.isEmpty() ? "" : " " + hint));
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // it never opened
        }
    }

    /**
     * The server's processes: a case that declares {@code needsPid} runs only with them; any other
     * case gets null here when they are not known.
     */
    ServerProcess proc() {
        return proc;
    }

    /** What a passing case saw, said on its PASS line (the model's verdict); empty for most. */
    void saw(String what) {
        saw = what;
    }

    public String saw() {
        return saw;
    }

    /** One line of evidence, printed under the case's line. */
    void evidence(String line) {
        synchronized (evidence) {
            evidence.add(line);
        }
    }

    public List<String> evidence() {
        synchronized (evidence) {
            return List.copyOf(evidence);
        }
    }

    /**
     * How much of {@code window}, measured now, the server's threads spent running or ready to run
     * (in %, summed over its threads: 100 is one thread that never sleeps); -1 if its process is not
     * known or cannot be read. What a hint asks when a reply stalls: a server that never sleeps is
     * spinning, one near zero is waiting. Unlike its CPU time, this does not shrink when other
     * processes share the cores.
     */
    double serverBusyPercent(Duration window) {
        if (proc == null) {
            return -1;
        }
        try {
            long before = proc.runnableNanos();
            long start = System.nanoTime();
            Thread.sleep(window.toMillis()); // the window measured
            return 100.0 * (proc.runnableNanos() - before) / (System.nanoTime() - start);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public void waitingFor(String what) {
        waitingFor = what;
    }

    public String waitingFor() {
        return waitingFor;
    }

    boolean aborted() {
        return aborted;
    }

    void forget(CaseClient c) {
        open.remove(c);
    }

    /** Waits at most {@code --wait} for {@code f}; a {@link CaseFailed} inside it is rethrown as it is. */
    <T> T await(CompletableFuture<T> f, String what) throws CaseFailed {
        waitingFor(what);
        try {
            return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CaseFailed(Messages.get("session.not-done", what, wait.toSeconds()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CaseFailed failed) {
                throw failed;
            }
            throw new CaseFailed(what + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaseFailed(Messages.get("session.stopped"));
        }
    }

    /** The deadline passed: closes every connection, which ends every read and write the case is blocked in. */
    public void abort() {
        aborted = true;
        close();
    }

    @Override
    public void close() {
        for (CaseClient c : List.copyOf(open)) {
            c.close();
        }
    }
}
