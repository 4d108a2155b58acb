package io.models.nonblocking;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.Outbox;
import io.models.common.server.EchoServer;
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
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * 三、非阻塞IO (nonblocking IO): every socket is non-blocking and ONE thread asks each of them in
 * turn, over and over, whether something has arrived. {@code accept()} returns null and
 * {@code read()} returns 0 at once when nothing is there (Python's {@code BlockingIOError}), so
 * waiting for data (phase 1) never blocks; copying the data (phase 2) still does, inside
 * {@code read()}. The price is the polling: with nothing to do the loop still spins, burning a
 * core, unless it sleeps between passes ({@code idleSleepMs}, the note's {@code time.sleep}),
 * and then replies come late.
 *
 * <p>Under faults: a client over {@code --max-connections} is closed as soon as it is accepted; one
 * silent for {@code --idle-timeout} is closed (its last read is checked every timeout/4 or so); a
 * fault of our own while handling one connection closes that one only; and when {@code accept()}
 * fails (out of file descriptors) the loop stops asking the listener for {@link Net#ACCEPT_RETRY}
 * while it goes on serving the connections it has.
 */
public final class NonBlockingServer implements EchoServer {

    static final String NAME = "03-nonblocking";
    /** Bytes read per call; the note reads 1024. */
    static final int READ_BYTES = 64 * 1024;
    /** The longest pause allowed between passes that found nothing to do. */
    public static final int MAX_IDLE_SLEEP_MS = 10_000;
    private static final Logger log = Logging.logger(NAME);

    private final ServerConfig config;
    private final long idleSleepNanos;
    private final ServerStats stats = new ServerStats();
    private ServerSocketChannel server;
    private Thread thread;
    private volatile boolean closing;
    private final AcceptBackoff backoff = new AcceptBackoff(log); // the loop thread's only
    private long acceptAgainAt; // the loop thread's only: after a failed accept(), not before this

    /** @param idleSleepMs pause after a pass that found nothing to do: 0 (poll flat out) to 10000 */
    public NonBlockingServer(ServerConfig config, int idleSleepMs) {
        if (idleSleepMs < 0 || idleSleepMs > MAX_IDLE_SLEEP_MS) {
            throw new IllegalArgumentException("idle sleep must be 0..10000 ms, got " + idleSleepMs);
        }
        this.config = config;
        this.idleSleepNanos = TimeUnit.MILLISECONDS.toNanos(idleSleepMs);
    }

    @Override
    public void start() throws IOException {
        server = Net.listen(config);
        server.configureBlocking(false); // the note's server.setblocking(False)
        thread = Thread.ofPlatform().name(NAME).start(this::run);
    }

    /** The note's {@code while True:} loop, with its {@code conn_l} and {@code del_l}. */
    private void run() {
        List<Connection> connL = new ArrayList<>(); // conn_l: every open connection
        List<Connection> delL = new ArrayList<>(); // del_l: those to close after this pass
        ByteBuffer scratch = ByteBuffer.allocate(READ_BYTES);
        long timeout = config.idleTimeout().toNanos(); // 0: never
        long scanEvery = timeout / 4; // look for silent clients this often, not on every pass
        long lastScan = System.nanoTime();
        acceptAgainAt = lastScan;
        try {
            while (!closing) {
                long now = System.nanoTime();
                boolean scan = timeout > 0 && now - lastScan >= scanEvery;
                if (scan) {
                    lastScan = now;
                }
                boolean busy = acceptWaiting(connL, now);
                for (Connection conn : connL) {
                    try {
                        busy |= conn.tryOnce(scratch);
                        if (conn.isFinished()) {
                            delL.add(conn); // ended, and every reply sent
                        } else if (scan && now - conn.lastRead >= timeout) { // --idle-timeout
                            stats.timedOut();
                            log.log(Level.INFO, "{0} sent nothing for {1} s: closed", conn.peer,
                                    config.idleTimeout().toSeconds());
                            delL.add(conn);
                        }
                    } catch (IOException e) { // the note's ConnectionResetError
                        log.log(Level.INFO, "{0} connection ended: {1}", conn.peer, e.getMessage());
                        conn.reset = true;
                        delL.add(conn);
                    } catch (RuntimeException e) { // our own fault, not the client's: this one only
                        stats.failed();
                        log.log(Level.ERROR, conn.peer + ": handling failed, connection closed", e);
                        delL.add(conn);
                    }
                }
                for (Connection obj : delL) {
                    obj.close(obj.reset);
                    connL.remove(obj);
                }
                delL.clear();
                if (!busy && idleSleepNanos > 0) { // the note's time.sleep: less CPU, later replies;
                    // with --idle-timeout, never past the next look for silent clients
                    LockSupport.parkNanos(this, timeout > 0 ? Math.min(idleSleepNanos, scanEvery) : idleSleepNanos);
                }
            }
        } finally { // close(): every connection still open is closed, then the listener
            for (Connection conn : connL) {
                conn.close(false);
            }
            Threads.close(server, log);
        }
    }

    /** accept() every client waiting (at most a backlog's worth, so the others are served too). */
    private boolean acceptWaiting(List<Connection> connL, long now) {
        if (now - acceptAgainAt < 0) {
            return false; // accept() failed a moment ago: only serve the connections we have
        }
        boolean any = false;
        for (int i = 0; i < config.backlog(); i++) {
            SocketChannel conn;
            try {
                conn = server.accept(); // phase 1 does not block: null at once if nobody is waiting
            } catch (IOException e) { // out of file descriptors, say: the clients wait in the backlog
                backoff.failed(e);
                acceptAgainAt = now + Net.ACCEPT_RETRY.toNanos(); // at once would fail at once, every pass
                break;
            }
            backoff.succeeded();
            if (conn == null) {
                break; // the note's BlockingIOError: go and try the connections
            }
            any = true;
            if (config.full(stats.active())) { // --max-connections: closed at once, the others go on
                Net.refuse(conn, config, stats, log);
                continue;
            }
            stats.accepted();
            Connection c = new Connection(conn);
            try {
                conn.configureBlocking(false);
            } catch (IOException e) {
                log.log(Level.INFO, "{0} connection ended: {1}", c.peer, e.getMessage());
                c.close(true);
                continue;
            }
            log.log(Level.INFO, "accepted {0}", c.peer);
            connL.add(c);
        }
        return any;
    }

    /** One client: its socket, the replies the kernel has not taken yet, and whether it has ended. */
    private final class Connection {
        final SocketChannel conn;
        final String peer;
        final Outbox outbox = new Outbox(stats, config.transform());
        boolean ended; // read() returned -1: the client has sent everything
        boolean reset;
        long lastRead = System.nanoTime(); // when a byte last came in, for --idle-timeout

        Connection(SocketChannel conn) {
            this.conn = conn;
            this.peer = Net.peer(conn);
        }

        /**
         * Sends what is still kept, then reads what has arrived and writes it back upper-cased.
         *
         * @return true if a byte moved or the stream ended: the pass was not for nothing
         */
        boolean tryOnce(ByteBuffer scratch) throws IOException {
            long before = outbox.pending();
            outbox.flush(conn); // write(): takes what fits in the send buffer, maybe nothing
            boolean moved = outbox.pending() < before;
            if (!ended && outbox.hasRoom()) {
                // read(): phase 1 does not block, 0 at once if nothing has arrived;
                // phase 2, copying what has arrived into our buffer, blocks.
                int n = outbox.echo(conn, scratch); // the note's conn.send(data.upper())
                if (n > 0) {
                    lastRead = System.nanoTime();
                } else if (n < 0) {
                    log.log(Level.INFO, "{0} closed the connection", peer);
                    ended = true;
                }
                moved |= n != 0;
            }
            return moved;
        }

        boolean isFinished() {
            return ended && outbox.isEmpty();
        }

        void close(boolean wasReset) {
            outbox.discard(); // replies not yet sent are dropped, and counted (none after an EOF)
            Threads.close(conn, log);
            stats.closed(wasReset);
        }
    }

    @Override
    public int port() {
        return Net.port(server);
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
        if (thread == null || closing) {
            return;
        }
        closing = true; // seen at the top of the next pass
        LockSupport.unpark(thread); // ends an idle sleep now; an interrupt would close a channel mid-read
        Threads.join(thread);
    }
}
