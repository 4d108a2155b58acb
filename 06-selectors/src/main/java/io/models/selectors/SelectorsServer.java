package io.models.selectors;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.Outbox;
import io.models.common.server.EchoServer;
import io.models.common.server.EventLoop;
import io.models.common.server.Logging;
import io.models.common.server.Net;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerStats;
import io.models.common.server.Stats;
import io.models.common.server.Threads;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * 七、selectors模块: the note's {@code selectors.DefaultSelector} server, which is the Reactor of
 * Doug Lea's "Scalable IO in Java". {@link Selector#open()} picks the platform's best mechanism
 * (epoll on Linux, kqueue on macOS), and every key carries its callback as its attachment, as
 * {@code sel.register(conn, EVENT_READ, read)} does: the listener's is an {@link Acceptor}, each
 * connection's is its own {@link Handler}. The loop only waits and calls back; it never asks what
 * kind of key it holds, so detecting events and handling them are no longer mixed together (the
 * note's complaint about select).
 *
 * <p>One thread serves every connection. Non-blocking writes may take only part of a reply: the
 * rest waits in the connection's {@link Outbox}, and the connection stops being read (interest
 * {@code OP_WRITE} only) until the kernel has taken it all.
 *
 * <p>Besides the sockets the loop keeps two deadlines, run by the same thread after {@code select}
 * returns: the idle sweep (only with {@code --idle-timeout}) and, after {@code accept()} failed (out
 * of descriptors), accepting again. With neither, {@code select} waits for ever.
 */
public final class SelectorsServer implements EchoServer, EventLoop {

    static final String NAME = "06-selectors";
    /** At most this many accepts per readiness of the listener, so connections already open get their turn too. */
    static final int ACCEPT_BATCH = 256;
    private static final Logger log = Logging.logger(NAME);
    /** The idle sweep runs this many times per idle timeout, so no connection is scanned more often. */
    private static final int SWEEPS_PER_TIMEOUT = 4;

    /** What the note keeps in a key's {@code data}: the function to call when its socket is ready. */
    interface Callback {
        void onReady(SelectionKey key);
    }

    private final ServerConfig config;
    private final ServerStats stats = new ServerStats();
    /** One read buffer for the loop, shared by every connection: only the loop thread touches it. */
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
    private ServerSocketChannel listener;
    private Selector sel;
    private SelectionKey acceptKey;
    private Thread loop;
    private volatile boolean closing;
    private volatile long wakeups;
    // The loop thread's deadlines (System.nanoTime), 0 when not set: the next idle sweep, accepting again.
    private long sweepAt;
    private long acceptAt;

    public SelectorsServer(ServerConfig config) {
        this.config = config;
    }

    @Override
    public void start() throws IOException {
        listener = Net.listen(config);
        try {
            sel = Selector.open(); // selectors.DefaultSelector(): the best this platform has
            listener.configureBlocking(false);
            acceptKey = listener.register(sel, SelectionKey.OP_ACCEPT, new Acceptor()); // sel.register(server, EVENT_READ, accept)
        } catch (IOException | RuntimeException e) {
            Threads.close(listener, log);
            if (sel != null) {
                Threads.close(sel, log);
            }
            throw e;
        }
        loop = Thread.ofPlatform().name(NAME).start(this::run);
    }

    /**
     * The event loop, the note's {@code while True: events = sel.select(); for key, mask in events:
     * callback = key.data; callback(key.fileobj, mask)}. {@code select(action)} is that for-loop: it
     * hands each ready key to the action as it finds it, without first collecting the keys in the
     * selected-key set (a HashSet entry per event, which the hot path does not need).
     */
    private void run() {
        sweepAt = config.hasIdleTimeout() ? System.nanoTime() : 0; // --idle-timeout: sweep from the start
        try {
            while (!closing) {
                // What is due besides the sockets (an idle sweep, accepting again) runs first. With
                // no deadline set, not even the clock is read, and select waits for ever (0).
                long waitMillis = sweepAt == 0 && acceptAt == 0 ? 0 : runDue(System.nanoTime());
                // Phase 1, waiting for data: the only place this thread blocks, in epoll_wait, for
                // every socket at once. Each ready key is handed to its callback.
                sel.select(SelectorsServer::callback, waitMillis);
                wakeups++; // only this thread writes it
            }
        } catch (IOException e) {
            log.log(Level.ERROR, "select failed; the server stops", e);
        } finally {
            closeEverything();
        }
    }

    /** {@code callback = key.data; callback(key.fileobj, mask)}: no if/else on what the key is. */
    private static void callback(SelectionKey key) {
        ((Callback) key.attachment()).onReady(key);
    }

    /**
     * The deadlines that are due at {@code now}: accept again (the listener's interest back on, so
     * the Acceptor is called back if a client waits) and sweep for idle connections.
     *
     * @return how long the next select may wait: until the next deadline (at least 1 ms), or 0 (for ever)
     */
    private long runDue(long now) {
        if (acceptAt != 0 && now - acceptAt >= 0) {
            acceptAt = 0;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        if (sweepAt != 0 && now - sweepAt >= 0) {
            sweepIdle();
            sweepAt = now + sweepEvery(); // from now: two sweeps are never closer than that
        }
        long next = acceptAt == 0 ? sweepAt : sweepAt == 0 ? acceptAt : Math.min(acceptAt, sweepAt);
        return next == 0 ? 0 : Math.max(1, Math.ceilDiv(next - now, 1_000_000));
    }

    private long sweepEvery() {
        return config.idleTimeout().toNanos() / SWEEPS_PER_TIMEOUT;
    }

    /**
     * --idle-timeout: a connection the loop has waited on to read for more than
     * {@link #SWEEPS_PER_TIMEOUT} sweeps in a row sent nothing for at least the timeout (at most a
     * quarter more), and is closed. No clock is read per message: a callback only zeroes a counter.
     */
    private void sweepIdle() {
        for (SelectionKey key : sel.keys()) { // closing one cancels its key; the set changes on the next select
            if (key.isValid() && key.attachment() instanceof Handler h && h.outbox.isEmpty()
                    && ++h.quietSweeps > SWEEPS_PER_TIMEOUT) {
                h.timeOut();
            }
        }
    }

    /** The listener's callback, the note's {@code accept}: registers the new connection with its own handler. */
    private final class Acceptor implements Callback {
        private final AcceptBackoff backoff = new AcceptBackoff(log);

        /** Every connection waiting, up to a batch: under load, one per event would starve the backlog. */
        @Override
        public void onReady(SelectionKey key) {
            for (int i = 0; i < ACCEPT_BATCH; i++) {
                SocketChannel conn;
                try {
                    conn = listener.accept(); // the handshake is done: this does not wait
                } catch (IOException e) {
                    // Out of descriptors, say. The client waits in the backlog and the listener stays
                    // readable, so select would call back here at once, again and again: take the
                    // listener's interest off instead, and put it back after ACCEPT_RETRY.
                    backoff.failed(e);
                    key.interestOps(0);
                    acceptAt = System.nanoTime() + Net.ACCEPT_RETRY.toNanos();
                    return;
                }
                if (conn == null) {
                    return; // nobody else is waiting
                }
                backoff.succeeded();
                if (config.full(stats.active())) { // --max-connections: closed at once, the others go on
                    Net.refuse(conn, config, stats, log);
                    continue;
                }
                stats.accepted();
                log.log(Level.INFO, "accepted {0}", Net.peer(conn));
                try {
                    conn.configureBlocking(false);
                    conn.register(sel, SelectionKey.OP_READ, new Handler(conn)); // sel.register(conn, EVENT_READ, read)
                } catch (IOException e) {
                    log.log(Level.INFO, "{0} connection ended: {1}", Net.peer(conn), e.getMessage());
                    Threads.close(conn, log);
                    stats.closed(true);
                }
            }
        }
    }

    /** A connection's callback, the note's {@code read}, with the connection's own state. */
    private final class Handler implements Callback {
        private final SocketChannel conn;
        private final Outbox outbox = new Outbox(stats, config.transform());
        private boolean ended; // the client half-closed: close once everything pending is sent
        private int quietSweeps; // idle sweeps since it last sent something (or took its replies)

        Handler(SocketChannel conn) {
            this.conn = conn;
        }

        @Override
        public void onReady(SelectionKey key) {
            quietSweeps = 0; // it sent something (or took replies): not idle
            try {
                if (key.isReadable()) {
                    read(key);
                } else {
                    write(key);
                }
            } catch (IOException e) { // the note's ConnectionResetError (or a broken pipe): a normal end
                log.log(Level.INFO, "{0} connection ended: {1}", Net.peer(conn), e.getMessage());
                close(true);
            } catch (RuntimeException e) { // our own fault (the transform), not the client's: this one only
                stats.failed();
                log.log(Level.ERROR, Net.peer(conn) + ": handling failed, connection closed", e);
                close(false);
            }
        }

        /** Readable: the data is in the kernel; read copies it (phase 2) and echo writes it back. */
        private void read(SelectionKey key) throws IOException {
            int n = outbox.echo(conn, scratch); // read, upper-case, write: what the kernel refuses is kept
            if (n < 0) {
                log.log(Level.INFO, "{0} closed the connection", Net.peer(conn));
                ended = true;
                write(key);
            } else if (!outbox.isEmpty()) {
                // The send buffer is full: stop reading (backpressure) until the rest is taken.
                key.interestOps(SelectionKey.OP_WRITE);
            }
        }

        /** Writable (or at the end): send what is kept; when all of it is gone, read again or close. */
        private void write(SelectionKey key) throws IOException {
            if (!outbox.flush(conn)) {
                key.interestOps(SelectionKey.OP_WRITE);
            } else if (ended) {
                close(false);
            } else {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        /** --idle-timeout: it sent nothing while the loop waited to read from it. */
        void timeOut() {
            stats.timedOut();
            log.log(Level.INFO, "{0} sent nothing for {1} s: closed", Net.peer(conn), config.idleTimeout().toSeconds());
            close(false);
        }

        /** Closing the channel also cancels its key; the selector forgets it on its next select. */
        void close(boolean reset) {
            Threads.close(conn, log);
            outbox.discard();
            stats.closed(reset);
        }
    }

    /** On the loop thread, after the loop: every connection, the listener, the selector. */
    private void closeEverything() {
        for (SelectionKey key : List.copyOf(sel.keys())) {
            if (key.isValid() && key.attachment() instanceof Handler h) { // a cancelled key is already counted
                log.log(Level.DEBUG, "{0} closed by the server", Net.peer(h.conn));
                h.close(false);
            }
        }
        Threads.close(listener, log);
        Threads.close(sel, log);
    }

    /** The selector the loop waits in; package-private so a test can see which one it is. */
    Selector selector() {
        return sel;
    }

    @Override
    public int keyCount() {
        return sel.keys().size(); // a racy read from another thread is fine for a count
    }

    @Override
    public long wakeups() {
        return wakeups;
    }

    @Override
    public int port() {
        return Net.port(listener);
    }

    @Override
    public Stats stats() {
        return stats.snapshot();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void close() {
        if (loop == null || closing) {
            return;
        }
        closing = true;
        sel.wakeup(); // select() returns, the loop sees closing and closes everything itself
        Threads.join(loop);
    }
}
