package io.models.reactors;

import io.models.common.connection.Acceptor;
import io.models.common.connection.Callback;
import io.models.common.connection.Clients;
import io.models.common.connection.Connection;
import io.models.common.connection.End;
import io.models.common.connection.IdleSweep;
import io.models.common.connection.LoopTimer;
import io.models.common.connection.NonBlockingConnection;
import io.models.common.protocol.Transform;
import io.models.common.server.EchoServer;
import io.models.common.server.EventLoop;
import io.models.common.server.Listener;
import io.models.common.server.Quietly;
import io.models.common.server.ServerConfig;
import io.models.common.server.Stats;
import io.models.common.server.ThreadTracker;
import io.models.common.server.Threads;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
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
public final class ReactorsServer implements EchoServer, EventLoop {

    static final String NAME = "08-reactors";
    static final int MAX_REACTORS = 64;
    static final int MAX_WORKERS = 256;
    static final int MAX_WORK_MICROS = 1_000_000;

    private final Clients clients;
    private final Reactor[] reactors;
    private final int workerCount;
    private final ThreadTracker threads = new ThreadTracker();
    private ServerSocketChannel server;
    private Acceptor acceptor;
    private ExecutorService workers; // null with no workers: the work runs on the reactor thread
    private int next; // the reactor the next connection goes to: the main reactor's thread only
    private volatile boolean closing;

    /**
     * @param reactors   reactor threads, each with its own selector (1..64); the first also accepts
     * @param workers    threads that do the work on requests (0..256); 0: the reactor thread does it
     * @param workMicros CPU each request costs before its reply (0..1,000,000 µs)
     */
    public ReactorsServer(ServerConfig config, int reactors, int workers, int workMicros) {
        if (reactors < 1 || reactors > MAX_REACTORS || workers < 0 || workers > MAX_WORKERS
                || workMicros < 0 || workMicros > MAX_WORK_MICROS) {
            throw new IllegalArgumentException("reactors 1.." + MAX_REACTORS + ", workers 0.." + MAX_WORKERS
                    + ", work 0.." + MAX_WORK_MICROS + " µs; got " + reactors + ", " + workers + ", " + workMicros);
        }
        this.clients = new Clients(NAME, config.withTransform(withWork(config.transform(), workMicros)));
        this.reactors = new Reactor[reactors];
        this.workerCount = workers;
    }

    /**
     * The note's large handler: the thread spins for {@code micros} before {@code transform}. On an
     * idle core that is as much CPU; a busy machine gives the spin less CPU but not more time, so
     * what the figures show is where requests wait, not how fast the machine is.
     */
    static Transform withWork(Transform transform, int micros) {
        if (micros == 0) {
            return transform;
        }
        long nanos = micros * 1000L;
        return bytes -> {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait(); // busy: nothing else runs on this thread meanwhile
            }
            transform.apply(bytes);
        };
    }

    @Override
    public void start() throws IOException {
        server = Listener.open(clients.config());
        try {
            for (int i = 0; i < reactors.length; i++) {
                reactors[i] = new Reactor();
            }
            server.configureBlocking(false);
            // The main reactor: the first one's selector also watches the listener.
            SelectionKey acceptKey = server.register(reactors[0].selector, SelectionKey.OP_ACCEPT, (Callback) key -> accept());
            acceptor = new Acceptor(server, acceptKey, clients);
        } catch (IOException | RuntimeException e) {
            Quietly.close(server, clients.log());
            for (Reactor r : reactors) {
                if (r != null) {
                    Quietly.close(r.selector, clients.log());
                }
            }
            throw e;
        }
        if (workerCount > 0) { // all started now, and kept: the pool does not grow with the load
            ThreadPoolExecutor pool = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), threads.named(NAME + "-worker-"));
            pool.prestartAllCoreThreads();
            workers = pool;
        }
        for (int i = 0; i < reactors.length; i++) {
            reactors[i].thread = Thread.ofPlatform().name(NAME + "-reactor-" + (i + 1)).start(reactors[i]);
        }
    }

    /** The listener's callback, on the main reactor's thread: each new connection to the next reactor, in turn. */
    private void accept() {
        acceptor.acceptWaiting(conn -> reactors[next++ % reactors.length].register(conn));
    }

    /** One reactor: a thread, its own selector and read buffer, and a queue for what other threads hand it. */
    private final class Reactor implements Runnable {
        final Selector selector = Selector.open();
        final ByteBuffer scratch = ByteBuffer.allocateDirect(Connection.READ_BYTES); // this loop's one read buffer
        final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>(); // new connections, replies from workers
        final IdleSweep idle = IdleSweep.overKeys(selector, clients.config());
        volatile Thread thread;
        volatile long wakeups; // written by this reactor's thread only

        Reactor() throws IOException {
        }

        @Override
        public void run() {
            LoopTimer[] timers = this == reactors[0] ? new LoopTimer[] {acceptor, idle} : new LoopTimer[] {idle};
            try {
                while (!closing) {
                    long wait = LoopTimer.runDue(timers); // accept again after a failure (main); close idle ones
                    // Phase 1: this reactor's thread blocks in epoll_wait for its own sockets only,
                    // and calls back each ready key, as 06 does.
                    selector.select(key -> ((Callback) key.attachment()).onReady(key), wait);
                    wakeups++;
                    for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                        task.run(); // what other threads handed this one: only this thread touches its sockets
                    }
                }
            } catch (IOException e) {
                clients.log().log(Level.ERROR, "select failed; the server stops", e);
            } finally {
                for (SelectionKey key : List.copyOf(selector.keys())) {
                    if (key.attachment() instanceof NonBlockingConnection conn) {
                        conn.end(End.SERVER);
                    }
                }
                Quietly.close(selector, clients.log());
            }
        }

        /**
         * Hands this reactor a connection, from any thread. Not {@code conn.register(selector, ...)}
         * from the main reactor's thread: while this reactor's thread waits in {@code select()}, a
         * register from another thread blocks until that select returns (the classic trap, and with
         * no client sending anything it never does). So: a task in the queue, and a wakeup.
         */
        void register(SocketChannel conn) {
            if (Thread.currentThread() == thread) {
                add(conn);
            } else {
                hand(() -> add(conn));
            }
        }

        void hand(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        private void add(SocketChannel conn) {
            Handler h = new Handler(conn, this);
            try {
                conn.register(selector, SelectionKey.OP_READ, h); // sel.register(conn, EVENT_READ, read)
            } catch (ClosedChannelException e) {
                h.end(e);
            }
        }
    }

    /** A connection's callback: 06's (read, work, write on the reactor thread), or the read handed to a worker. */
    private final class Handler extends NonBlockingConnection {
        private final Reactor reactor;

        Handler(SocketChannel conn, Reactor reactor) {
            super(conn, ReactorsServer.this.clients, reactor.scratch);
            this.reactor = reactor;
        }

        @Override
        public void onReady(SelectionKey key) {
            if (workers == null || !key.isReadable()) {
                super.onReady(key); // 06's shape: the work runs here, on the reactor thread
                return;
            }
            try {
                ByteBuffer request = readRequest(); // phase 2: the copy, on the reactor thread
                if (request == null) {
                    if (next() == 0) {
                        end(End.EOF); // the client has ended, and has every reply
                    }
                    return;
                }
                key.interestOps(0); // neither read nor write until the reply is back: replies stay in order
                workers.execute(() -> work(key, request));
            } catch (RejectedExecutionException e) {
                end(End.SERVER); // the pool has stopped: the server is closing
            } catch (IOException | RuntimeException e) {
                end(e);
            }
        }

        /** On a worker thread: the work, then the reply goes back to the reactor. The socket is not touched here. */
        private void work(SelectionKey key, ByteBuffer request) {
            try {
                transform(request); // upper-case, after --work-us of CPU
                reactor.hand(() -> replied(key, request));
            } catch (RuntimeException e) { // our fault: the reactor ends the connection, with one ERROR
                reactor.hand(() -> end(End.FAULT, e));
            }
        }

        /** Back on the reactor thread: send the reply, and read again once it has gone. */
        private void replied(SelectionKey key, ByteBuffer reply) {
            if (isOver()) {
                return; // ended meanwhile (close(), a timeout)
            }
            try {
                int next = reply(reply);
                if (next == 0) {
                    end(End.EOF);
                } else {
                    key.interestOps(next);
                }
            } catch (IOException | RuntimeException e) {
                end(e);
            }
        }
    }

    /** Connections held by each reactor now (for the lesson test: are they spread evenly?). */
    int[] connectionsPerReactor() {
        return Arrays.stream(reactors).mapToInt(r -> (int) r.selector.keys().stream()
                .filter(k -> k.attachment() instanceof Handler).count()).toArray();
    }

    @Override
    public int keyCount() {
        return Arrays.stream(reactors).mapToInt(r -> r.selector.keys().size()).sum(); // racy reads: fine for a count
    }

    @Override
    public long wakeups() {
        return Arrays.stream(reactors).mapToLong(r -> r.wakeups).sum();
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
        if (reactors[reactors.length - 1] == null || reactors[reactors.length - 1].thread == null || closing) {
            return;
        }
        closing = true;
        for (Reactor r : reactors) {
            r.selector.wakeup(); // each loop sees closing and ends its own connections
        }
        for (Reactor r : reactors) {
            Threads.join(r.thread);
        }
        if (workers != null) {
            workers.shutdownNow();
            threads.joinAll();
        }
        Quietly.close(server, clients.log());
        clients.endAll(); // any connection still on its way to a reactor that had stopped
    }
}
