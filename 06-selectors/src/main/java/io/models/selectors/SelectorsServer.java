package io.models.selectors;

import io.models.common.EchoServer;
import io.models.common.EventLoop;
import io.models.common.Logging;
import io.models.common.Net;
import io.models.common.Outbox;
import io.models.common.ServerConfig;
import io.models.common.ServerStats;
import io.models.common.Stats;
import io.models.common.Threads;
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
 */
public final class SelectorsServer implements EchoServer, EventLoop {

    static final String NAME = "06-selectors";
    private static final Logger log = Logging.logger(NAME);

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
    private Thread loop;
    private volatile boolean closing;
    private volatile long wakeups;

    public SelectorsServer(ServerConfig config) {
        this.config = config;
    }

    @Override
    public void start() throws IOException {
        listener = Net.listen(config);
        try {
            sel = Selector.open(); // selectors.DefaultSelector(): the best this platform has
            listener.configureBlocking(false);
            listener.register(sel, SelectionKey.OP_ACCEPT, new Acceptor()); // sel.register(server, EVENT_READ, accept)
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
        try {
            while (!closing) {
                // Phase 1, waiting for data: the only place this thread blocks, in epoll_wait, for
                // every socket at once. Each ready key is handed to its callback.
                sel.select(SelectorsServer::callback);
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

    /** The listener's callback, the note's {@code accept}: registers the new connection with its own handler. */
    private final class Acceptor implements Callback {
        @Override
        public void onReady(SelectionKey key) {
            SocketChannel conn;
            try {
                conn = listener.accept(); // the handshake is done: this does not wait
            } catch (IOException e) {
                // Out of descriptors, for example; the listener stays registered and is tried again.
                log.log(Level.WARNING, "accept failed: {0}", e.getMessage());
                return;
            }
            if (conn == null) {
                return; // nothing after all
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

    /** A connection's callback, the note's {@code read}, with the connection's own state. */
    private final class Handler implements Callback {
        private final SocketChannel conn;
        private final Outbox outbox = new Outbox(stats);
        private boolean ended; // the client half-closed: close once everything pending is sent

        Handler(SocketChannel conn) {
            this.conn = conn;
        }

        @Override
        public void onReady(SelectionKey key) {
            try {
                if (key.isReadable()) {
                    read(key);
                } else {
                    write(key);
                }
            } catch (IOException e) { // the note's ConnectionResetError (or a broken pipe): a normal end
                log.log(Level.INFO, "{0} connection ended: {1}", Net.peer(conn), e.getMessage());
                close(true);
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
