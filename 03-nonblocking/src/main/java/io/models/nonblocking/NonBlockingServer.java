package io.models.nonblocking;

import io.models.common.connection.Acceptor;
import io.models.common.connection.Clients;
import io.models.common.connection.Connection;
import io.models.common.connection.End;
import io.models.common.connection.IdleSweep;
import io.models.common.connection.LoopTimer;
import io.models.common.connection.NonBlockingConnection;
import io.models.common.server.EchoServer;
import io.models.common.server.Listener;
import io.models.common.server.Quietly;
import io.models.common.server.ServerConfig;
import io.models.common.server.Stats;
import io.models.common.server.Threads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
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
 * core, unless it sleeps between passes ({@code idleSleepMs}, like the note's {@code time.sleep}),
 * and then replies come late.
 */
public final class NonBlockingServer implements EchoServer {

    static final String NAME = "03-nonblocking";
    /** The longest pause allowed between passes that found nothing to do. */
    public static final int MAX_IDLE_SLEEP_MS = 10_000;

    private final Clients clients;
    private final long idleSleepNanos;
    private ServerSocketChannel server;
    private Thread thread;
    private volatile boolean closing;

    /** @param idleSleepMs pause after a pass that found nothing to do: 0 (poll flat out) to 10000 */
    public NonBlockingServer(ServerConfig config, int idleSleepMs) {
        if (idleSleepMs < 0 || idleSleepMs > MAX_IDLE_SLEEP_MS) {
            throw new IllegalArgumentException("idle sleep must be 0..10000 ms, got " + idleSleepMs);
        }
        this.clients = new Clients(NAME, config);
        this.idleSleepNanos = TimeUnit.MILLISECONDS.toNanos(idleSleepMs);
    }

    @Override
    public void start() throws IOException {
        server = Listener.open(clients.config());
        server.configureBlocking(false); // the note's server.setblocking(False)
        thread = Thread.ofPlatform().name(NAME).start(this::run);
    }

    /** The note's {@code while True:} loop, with its {@code conn_l} and {@code del_l}. */
    private void run() {
        List<NonBlockingConnection> connL = new ArrayList<>(); // conn_l: every open connection
        List<NonBlockingConnection> delL = new ArrayList<>(); // del_l: those to forget after this pass
        ByteBuffer scratch = ByteBuffer.allocateDirect(Connection.READ_BYTES); // the loop's one read buffer
        Acceptor acceptor = new Acceptor(server, null, clients);
        IdleSweep idle = IdleSweep.over(connL, clients.config());
        try {
            while (!closing) {
                long untilTimer = LoopTimer.runDue(acceptor, idle); // accept again after a failure; close idle ones
                long before = clients.stats().progress();
                // conn, addr = server.accept(): every client waiting; null at once if none (BlockingIOError)
                acceptor.acceptWaiting(conn -> connL.add(new NonBlockingConnection(conn, clients, scratch)));
                for (NonBlockingConnection conn : connL) { // for conn in conn_l:
                    try {
                        // data = conn.recv(1024); conn.send(data.upper()): read() returns 0 bytes at once if
                        // nothing has arrived (the note's except BlockingIOError: pass); the rest of an
                        // earlier reply the kernel did not take goes first, and until then no read.
                        int next = conn.next() == SelectionKey.OP_WRITE ? conn.write() : conn.read();
                        if (next == 0) {
                            conn.end(End.EOF); // the client has ended and has every reply
                        }
                    } catch (IOException | RuntimeException e) { // except ConnectionResetError (or our fault)
                        conn.end(e);
                    }
                    if (conn.isOver()) {
                        delL.add(conn); // del_l.append(conn); also those the idle sweep ended
                    }
                }
                connL.removeAll(delL); // for obj in del_l: conn_l.remove(obj)
                delL.clear();
                if (idleSleepNanos > 0 && clients.stats().progress() == before) { // a pass for nothing:
                    // sleep (less CPU, later replies), but never past the next timer
                    LockSupport.parkNanos(this, untilTimer == 0 ? idleSleepNanos
                            : Math.min(idleSleepNanos, TimeUnit.MILLISECONDS.toNanos(untilTimer)));
                }
            }
        } finally { // close(): every connection still open, then the listener
            clients.endAll();
            Quietly.close(server, clients.log());
        }
    }

    @Override
    public int port() {
        return Listener.port(server);
    }

    @Override
    public Stats stats() {
        return clients.snapshot();
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
