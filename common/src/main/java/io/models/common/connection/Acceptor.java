package io.models.common.connection;

import io.models.common.server.ServerContext;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The accept policy of the non-blocking servers (03, 04, 06, 08): every client waiting is accepted,
 * up to {@link #BATCH} at a time so the connections already open get their turn too; each is
 * admitted under {@code --max-connections}, made non-blocking and handed to the chapter. When
 * accept() fails (out of descriptors), the listener is left alone for {@link AcceptBackoff#RETRY}:
 * {@link #acceptWaiting} says the listener wants no events for now (interest 0), so select does not
 * return for it at once again and again, and {@link #run} wants them again when the wait is over.
 */
public final class Acceptor implements LoopTimer {

    /** At most this many accepts at a time. */
    public static final int BATCH = 256;

    /** What a chapter does with a client it has accepted: {@code read_l.append(conn)}. */
    @FunctionalInterface
    public interface Admitted {
        void serve(SocketChannel conn) throws IOException;
    }

    private final ServerSocketChannel listener;
    private final ServerContext server;
    private final AcceptBackoff backoff;
    private final SelectionKey key;
    private boolean paused;

    /**
     * @param key the listener's key in a selector (04, 06), or null for a loop that polls it (03)
     */
    public Acceptor(ServerSocketChannel listener, SelectionKey key, ServerContext server) {
        this.listener = listener;
        this.key = key;
        this.server = server;
        this.backoff = server.backoff();
    }

    /**
     * {@code conn, addr = server.accept()} for every client waiting (none blocks: the handshake is
     * done). Returns the listener's interest wanted next: {@link SelectionKey#OP_ACCEPT}, or 0 after
     * accept() failed, until the wait is over.
     */
    public int acceptWaiting(Admitted serve) {
        for (int i = 0; i < BATCH && !paused; i++) {
            SocketChannel conn;
            try {
                conn = listener.accept(); // null at once if nobody is waiting: Python's BlockingIOError
            } catch (IOException e) {
                backoff.failed(e);
                paused = true; // until run() puts it back
                break;
            }
            if (conn == null) {
                break;
            }
            backoff.succeeded();
            if (server.admit(conn)) {
                try {
                    conn.configureBlocking(false);
                    serve.serve(conn);
                } catch (IOException e) {
                    new Connection(conn, server).end(e);
                }
            }
        }
        return paused ? 0 : SelectionKey.OP_ACCEPT;
    }

    @Override
    public boolean isSet() {
        return paused;
    }

    @Override
    public long dueAt() {
        return backoff.retryAt();
    }

    /** The wait after a failure is over: accept again. */
    @Override
    public void run(long now) {
        paused = false;
        if (key != null && key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }
}
