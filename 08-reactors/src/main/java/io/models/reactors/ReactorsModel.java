package io.models.reactors;

import io.models.common.connection.Acceptor;
import io.models.common.connection.Callback;
import io.models.common.connection.Connection;
import io.models.common.connection.End;
import io.models.common.connection.IdleSweep;
import io.models.common.connection.LoopTimer;
import io.models.common.connection.NonBlockingConnection;
import io.models.common.server.Model;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Beyond the note: Doug Lea's "Scalable IO in Java" past the basic reactor (which is 06). The note
 * names the basic reactor's weakness itself (四, select模块的缺点): it mixes detecting events with
 * responding to them, and a large handler is a disaster for the whole model. Two answers, which
 * combine:
 * <ul>
 *   <li><b>a worker pool</b> ({@code workers > 0}): the reactor thread only reads and writes; the
 *       work on each request runs on a pool, and its reply comes back to the reactor through a
 *       queue and {@code selector.wakeup()}. Only the reactor touches the socket. A connection is
 *       not read while its request is at a worker, so replies keep the order of the requests.</li>
 *   <li><b>main and sub reactors</b> ({@code reactors > 1}): N reactors, each a thread with its own
 *       selector; the first one also accepts (the main reactor) and hands each new connection to
 *       the next reactor, round-robin, through that reactor's queue.</li>
 * </ul>
 * With one reactor and no workers this is 06-selectors again. {@code workMicros} keeps the thread
 * handling each request busy that long, the note's "large handler", so the difference can be seen.
 */
public final class ReactorsModel extends Model {

    static final String NAME = "08-reactors";

    private final Reactor[] reactors;
    private final int workerCount;
    private final int workMicros;
    private final int readBytes;
    private ServerContext server;
    private Acceptor acceptor;
    private ExecutorService workers; // null with no workers: the work runs on the reactor thread
    private int next; // the reactor the next connection goes to: the main reactor's thread only

    /**
     * @param reactors   reactor threads, each with its own selector; the first also accepts
     * @param workers    threads that do the work on requests; 0: the reactor thread does it
     * @param workMicros CPU each request costs before its reply, in µs
     */
    public ReactorsModel(int reactors, int workers, int workMicros) {
        this(reactors, workers, workMicros, Connection.READ_BYTES);
    }

    /** @param readBytes each reactor's one read buffer: what each read asks for ({@code --read-kib}) */
    public ReactorsModel(int reactors, int workers, int workMicros, int readBytes) {
        super(NAME);
        this.readBytes = readBytes;
        this.reactors = new Reactor[reactors];
        this.workerCount = workers;
        this.workMicros = workMicros;
    }


    @Override
    public void start(ServerContext server) throws IOException {
        this.server = server;
        ServerSocketChannel listener = server.listen();
        for (int i = 0; i < reactors.length; i++) {
            reactors[i] = new Reactor();
        }
        listener.configureBlocking(false);
        // The main reactor: the first one's selector also watches the listener, and hands each new
        // connection to the next reactor, in turn.
        SelectionKey acceptKey = listener.register(reactors[0].selector, SelectionKey.OP_ACCEPT,
                (Callback) key -> acceptor.acceptWaiting(conn -> reactors[next++ % reactors.length].register(conn)));
        acceptor = new Acceptor(listener, acceptKey, server);
        if (workerCount > 0) { // all started now, and kept: the pool does not grow with the load
            ThreadPoolExecutor pool = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), server.threads(NAME + "-worker-")); // joined after the shutdown
            server.onClose(pool::shutdownNow); // after the reactors have stopped: nothing hands it work then
            pool.prestartAllCoreThreads();
            workers = pool;
        }
        for (int i = 0; i < reactors.length; i++) { // stopped first at close: registered last
            Reactor r = reactors[i];
            server.thread(NAME + "-reactor-" + (i + 1), t -> r.selector.wakeup(), r::run);
        }
    }

    /** One reactor: a thread, its own selector and read buffer, and a queue for what other threads hand it. */
    private final class Reactor {
        final Selector selector = server.selector(Selector.open()); // closed once the reactors and workers have stopped
        final ByteBuffer scratch = ByteBuffer.allocateDirect(readBytes); // this loop's one read buffer
        final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>(); // new connections, replies from workers

        Reactor() throws IOException {
        }

        void run() throws IOException {
            IdleSweep idle = IdleSweep.overKeys(selector, server.config());
            LoopTimer[] timers = this == reactors[0] ? new LoopTimer[] {acceptor, idle} : new LoopTimer[] {idle};
            while (server.running()) {
                long wait = LoopTimer.runDue(timers); // accept again after a failure (main); close idle ones
                // Phase 1: this reactor's thread blocks in epoll_wait for its own sockets only, and
                // calls back each ready key, which says what it wants next, as 06 does.
                selector.select(Callback::dispatch, wait);
                server.woke();
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    task.run(); // what other threads handed this one: only this thread touches its sockets
                }
            }
        }

        /**
         * Hands this reactor a connection, on the main reactor's thread. Not {@code conn.register(selector,
         * ...)} for another reactor: while that reactor's thread waits in {@code select()}, a register
         * from another thread is not watched until that select returns (the classic trap; with no
         * client sending anything it never does). So: a task in its queue, and a wakeup.
         */
        void register(SocketChannel conn) {
            Handler h = new Handler(conn, this); // open from now on: the server ends it at close wherever it is
            Runnable add = () -> {
                try {
                    conn.register(selector, SelectionKey.OP_READ, h); // sel.register(conn, EVENT_READ, read)
                } catch (ClosedChannelException e) {
                    h.end(e);
                }
            };
            if (this == reactors[0]) {
                add.run(); // the main reactor's own: on its thread already
            } else {
                hand(add);
            }
        }

        void hand(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }
    }

    /**
     * The note's large handler: the work on a request, {@code --work-us} of CPU, then the protocol's
     * transform. The thread spins: on an idle core that is as much CPU; a busy machine gives the spin
     * less CPU but not more time, so what the figures show is where requests wait, not how fast the
     * machine is.
     */
    private void work(ByteBuffer request) {
        if (workMicros > 0) {
            long end = System.nanoTime() + workMicros * 1000L;
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait(); // busy: nothing else runs on this thread meanwhile
            }
        }
        server.config().transform().apply(request); // upper-case
    }

    /**
     * A connection's callback, on its reactor's thread: recv, the work, send. With workers, the work
     * goes to the pool, and the reply comes back through the reactor's queue to this same callback;
     * meanwhile the connection wants neither read nor write (interest 0), so its replies keep the
     * order of its requests.
     */
    private final class Handler extends NonBlockingConnection {
        private final Reactor reactor;
        private int atWork; // bytes of a request whose reply is not sent yet (at a worker, say); set on the reactor thread
        private ByteBuffer replied; // a worker's reply; the reactor's queue hands it over (and makes it visible)

        Handler(SocketChannel conn, Reactor reactor) {
            super(conn, ReactorsModel.this.server, reactor.scratch);
            this.reactor = reactor;
        }

        @Override
        public int onReady(SelectionKey key) {
            try {
                if (replied != null) { // back from a worker, on the reactor thread: send it
                    ByteBuffer reply = replied;
                    replied = null;
                    return isOver() ? ENDED : reply(reply); // ended meanwhile (the server closing): nothing to send
                }
                if (!key.isReadable()) {
                    return write(); // the rest of a reply
                }
                int n = receive(); // phase 2, the copy, on the reactor thread
                if (n <= 0) {
                    return next(); // nothing yet; or the client has ended, and ends here once it has every reply
                }
                atWork = n;
                if (workers == null) { // 06's shape: the work runs here, on the reactor thread
                    work(received());
                    return reply(received());
                }
                ByteBuffer request = ByteBuffer.allocate(n).put(received()).flip(); // the loop's buffer is reused
                workers.execute(() -> {
                    try {
                        work(request); // on a worker thread, which never touches the socket
                        replied = request;
                        reactor.hand(() -> Callback.dispatch(key));
                    } catch (RuntimeException e) { // our fault: the reactor ends the connection, with one ERROR
                        reactor.hand(() -> end(End.FAULT, e));
                    }
                });
                return 0; // neither read nor write until the reply is back
            } catch (IOException | RuntimeException e) { // the note's ConnectionResetError, or our own fault
                end(e);
                return ENDED;
            }
        }

        /** send: the reply goes out, or what the kernel does not take waits for OP_WRITE. */
        private int reply(ByteBuffer reply) throws IOException {
            atWork = 0;
            send(reply);
            return next();
        }

        @Override
        protected long unsent() {
            return atWork + super.unsent(); // at a worker is not idle, and is dropped if the connection ends now
        }
    }

    /** Connections held by each reactor now (for the lesson test: are they spread evenly?). */
    int[] connectionsPerReactor() {
        return Arrays.stream(reactors).mapToInt(r -> (int) r.selector.keys().stream()
                .filter(k -> k.attachment() instanceof Handler).count()).toArray();
    }


}
