package io.models.conformance.cases;

import io.models.common.linux.Proc;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
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
 * for right now (the reason printed if its deadline passes).
 */
public final class Session implements AutoCloseable {

    final InetSocketAddress address;
    final Duration wait;
    private final Proc proc;
    private final Reach reach;
    private final Set<CaseClient> open = ConcurrentHashMap.newKeySet();
    private volatile String waitingFor = "the case to start";
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
     * @param proc  the server's process, or null without {@code --pid}
     * @param reach shared by every session of one run
     */
    public Session(InetSocketAddress address, Duration wait, Proc proc, Reach reach) {
        this.address = address;
        this.wait = wait;
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
            throw new CaseFailed("the case was stopped");
        }
        waitingFor("the connection of " + label);
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
                throw new CaseFailed("the case was stopped");
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
            reach.lastFailure = "connection refused";
            throw new Refused(label + ": connection refused (is the server still running?)");
        } catch (SocketTimeoutException e) {
            close(s);
            throw notConnected(label, "not connected within " + wait.toSeconds() + " s",
                    " (the server's backlog is full and it accepts no one?)");
        } catch (IOException e) {
            close(s);
            String m = String.valueOf(e.getMessage());
            if (m.contains("Too many open files")) { // EMFILE has no exception type of its own
                throw new CaseFailed("the checker ran out of file descriptors with " + open.size()
                        + " connections open (its ulimit -n is too low for this case)");
            }
            throw notConnected(label, "cannot connect: " + m, "");
        }
    }

    private CaseFailed notConnected(String label, String why, String hint) {
        reach.lastFailure = why;
        return new CaseFailed(label + ": " + why + hint);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // it never opened
        }
    }

    /** The server's process; only cases that declare {@code needsPid} ask, and only they run with one. */
    Proc proc() {
        return proc;
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
            throw new CaseFailed(what + ": not done within " + wait.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CaseFailed failed) {
                throw failed;
            }
            throw new CaseFailed(what + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaseFailed("the case was stopped");
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
