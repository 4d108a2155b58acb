package io.models.nonblocking;

import io.models.common.connection.Acceptor;
import io.models.common.connection.Callback;
import io.models.common.connection.Connection;
import io.models.common.connection.IdleSweep;
import io.models.common.connection.LoopTimer;
import io.models.common.connection.NonBlockingConnection;
import io.models.common.server.Counters;
import io.models.common.server.Model;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
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
public final class NonBlockingModel extends Model {

    static final String NAME = "03-nonblocking";
    /** The longest pause allowed between passes that found nothing to do. */
    public static final int MAX_IDLE_SLEEP_MS = 10_000;

    private final long idleSleepNanos;
    private final int readBytes;

    /** @param idleSleepMs pause after a pass that found nothing to do: 0 (poll flat out) to 10000 */
    public NonBlockingModel(int idleSleepMs) {
        this(idleSleepMs, Connection.READ_BYTES);
    }

    /**
     * @param idleSleepMs pause after a pass that found nothing to do: 0 (poll flat out) to 10000
     * @param readBytes   the loop's one read buffer: what each read asks for ({@code --read-kib})
     */
    public NonBlockingModel(int idleSleepMs, int readBytes) {
        super(NAME);
        this.readBytes = readBytes;
        if (idleSleepMs < 0 || idleSleepMs > MAX_IDLE_SLEEP_MS) {
            throw new IllegalArgumentException("idle sleep must be 0..10000 ms, got " + idleSleepMs);
        }
        this.idleSleepNanos = TimeUnit.MILLISECONDS.toNanos(idleSleepMs);
    }


    @Override
    public void start(ServerContext server) throws IOException {
        ServerSocketChannel listener = server.listen(); // socket(), setsockopt(SO_REUSEADDR), bind(), listen()
        listener.configureBlocking(false); // server.setblocking(False)
        List<NonBlockingConnection> connL = new ArrayList<>(); // conn_l = []: every open connection
        List<NonBlockingConnection> delL = new ArrayList<>(); // del_l = []: those to forget after this pass
        ByteBuffer scratch = ByteBuffer.allocateDirect(readBytes); // the loop's one read buffer
        Acceptor acceptor = new Acceptor(listener, null, server);
        IdleSweep idle = IdleSweep.over(connL, server.config());
        Counters counters = server.counters();
        // One thread. Closing unparks it (an idle sleep ends now); an interrupt would close a channel mid-read.
        server.thread(NAME, LockSupport::unpark, () -> {
            while (server.running()) { // while True:
                long untilTimer = LoopTimer.runDue(acceptor, idle); // accept again after a failure; close idle ones
                long before = counters.progress();
                // conn, addr = server.accept(): every client waiting; null at once if none (BlockingIOError)
                acceptor.acceptWaiting(conn -> connL.add(new NonBlockingConnection(conn, server, scratch)));
                for (NonBlockingConnection conn : connL) { // for conn in conn_l:
                    try { // try:
                        // data = conn.recv(1024); conn.send(data.upper()). Phase 1 never blocks: read()
                        // returns 0 bytes at once if nothing has arrived (except BlockingIOError: pass);
                        // phase 2, the copy, happens inside it. The rest of an earlier reply the kernel
                        // did not take goes first, and until then no read.
                        if (conn.isOver() || (conn.hasUnsent() ? conn.write() : conn.read()) == Callback.ENDED) {
                            delL.add(conn); // closed by the idle sweep, or the client has ended and has every reply
                        }
                    } catch (IOException | RuntimeException e) { // except ConnectionResetError: (or our own fault)
                        conn.end(e);
                        delL.add(conn); // del_l.append(conn)
                    }
                }
                connL.removeAll(delL); // for obj in del_l: obj.close(); conn_l.remove(obj)
                delL.clear(); // del_l.clear()
                if (idleSleepNanos > 0 && counters.progress() == before) { // a pass for nothing: time.sleep,
                    // less CPU, later replies; but never past the next timer
                    LockSupport.parkNanos(this, untilTimer == 0 ? idleSleepNanos
                            : Math.min(idleSleepNanos, TimeUnit.MILLISECONDS.toNanos(untilTimer)));
                }
            }
        });
    }
}
