package io.models.aio;

import io.models.common.connection.AcceptBackoff;
import io.models.common.server.EchoServer;
import io.models.common.server.Logging;
import io.models.common.server.Net;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerStats;
import io.models.common.server.Stats;
import io.models.common.server.ThreadTracker;
import io.models.common.server.Threads;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.ShutdownChannelGroupException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * 五、异步IO (asynchronous IO), with NIO.2: every {@code accept}, {@code read} and {@code write}
 * returns at once, and a {@link CompletionHandler} is called when the operation has completed,
 * the data already in (or out of) our buffer. No thread waits for one client: a small fixed group
 * of threads runs the completion handlers of every connection.
 *
 * <p>Each connection is a chain of completions, one operation in flight at a time:
 * read -> (upper-case) -> write -> write the rest, if the kernel took only part -> read. The next
 * read is started only when nothing is pending, so at most one 64 KiB buffer is ever held for a
 * client that does not read its replies.
 *
 * <p>Under faults: over {@code --max-connections} a new client is closed at once; the read (and only
 * the read: a pending write is not idleness) has the {@code --idle-timeout}; a failing accept (out
 * of descriptors) is retried every {@link Net#ACCEPT_RETRY}; a fault in one connection's handler
 * closes that connection only.
 *
 * <p>What the JDK does on Linux: there is no kernel AIO for sockets behind this API. The group's
 * threads wait in {@code epoll_wait} (phase 1), then call {@code read(2)}/{@code write(2)}
 * themselves (phase 2) and call the handler: the completion API is emulated by epoll and a thread
 * pool. Real completion-based IO on Linux is io_uring (see 08-netty).
 */
public final class AioServer implements EchoServer {

    static final String NAME = "05-aio";
    /** Threads in the channel group by default: a small, fixed number, whatever the connections. */
    static final int DEFAULT_THREADS = 2;
    static final int MAX_THREADS = 64;
    /** Bytes read per operation, and so the most a connection ever holds unwritten: 64 KiB. */
    static final int BUFFER_BYTES = 16 * 1024; // per connection: a thousand fit in 16 MiB of heap

    private static final Logger log = Logging.logger(NAME);

    private final ServerConfig config;
    private final int threads;
    private final ServerStats stats = new ServerStats();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ThreadTracker threadsStarted = new ThreadTracker(); // so close() can join them
    // Called only along the accept chain (one accept pending at a time): never by two threads at once.
    private final AcceptBackoff backoff = new AcceptBackoff(log);
    private AsynchronousChannelGroup group;
    private AsynchronousServerSocketChannel listener;
    private ScheduledThreadPoolExecutor acceptRetry;
    private volatile boolean closing;

    /** @param threads threads in the channel group that run every completion handler, 1..64 */
    public AioServer(ServerConfig config, int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1.." + MAX_THREADS + ", got " + threads);
        }
        this.config = config;
        this.threads = threads;
    }

    public AioServer(ServerConfig config) {
        this(config, DEFAULT_THREADS);
    }

    @Override
    public void start() throws IOException {
        // The threads that run every completion handler: a fixed number, started here.
        AsynchronousChannelGroup g = AsynchronousChannelGroup.withFixedThreadPool(threads,
                threadsStarted.named(NAME + "-group-"));
        try {
            listener = AsynchronousServerSocketChannel.open(g);
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(config.host(), config.port()), config.backlog());
        } catch (IOException | RuntimeException e) {
            shutdownNow(g); // closes the listener too
            threadsStarted.joinAll();
            throw e;
        }
        group = g;
        // Started only if an accept ever fails; its one thread ends after a second without work.
        acceptRetry = new ScheduledThreadPoolExecutor(1,
                threadsStarted.track(Thread.ofPlatform().name(NAME + "-accept-retry").factory()));
        acceptRetry.setKeepAliveTime(1, TimeUnit.SECONDS);
        acceptRetry.allowCoreThreadTimeOut(true);
        accept();
    }

    // ---- The model: start an operation, return at once; the handler runs when it has completed. ----

    /** One client's state: its channel, its buffer, the bytes read and not yet written back. */
    private final class Connection {
        final AsynchronousSocketChannel channel;
        final String peer;
        final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
        volatile int pending; // read and not yet written: 0, or what is left in buf
        final AtomicBoolean closed = new AtomicBoolean();

        Connection(AsynchronousSocketChannel channel) {
            this.channel = channel;
            this.peer = Net.peer(channel);
        }
    }

    private void accept() {
        try {
            listener.accept(null, accepted); // returns at once; `accepted` runs once a client is in
        } catch (ShutdownChannelGroupException e) {
            log.log(Level.DEBUG, "not accepting: the server is closing");
        }
    }

    private final CompletionHandler<AsynchronousSocketChannel, Void> accepted = new CompletionHandler<>() {
        @Override
        public void completed(AsynchronousSocketChannel channel, Void unused) {
            backoff.succeeded();
            if (config.full(stats.active())) { // --max-connections: closed at once, its client reads EOF
                Net.refuse(channel, config, stats, log);
                accept();
                return;
            }
            Connection c = new Connection(channel);
            stats.accepted(); // counted before the next accept, so the limit is exact
            connections.add(c);
            accept(); // re-arm: the next client is accepted while this one is served
            log.log(Level.INFO, "accepted {0}", c.peer);
            if (closing) {
                close(c, false); // accepted just as close() began
                return;
            }
            read(c);
        }

        @Override
        public void failed(Throwable e, Void unused) {
            if (closing || e instanceof AsynchronousCloseException) {
                return; // close() closed the listener
            }
            // Not fatal (too many open files, ...): accepting again at once would fail at once, in a
            // busy loop, while the client waits in the backlog. Wait a little, then accept again.
            if (e instanceof IOException io) {
                backoff.failed(io); // one WARNING per run of failures
            } else {
                log.log(Level.ERROR, "accept failed", e); // not the network's doing: a bug
            }
            try {
                acceptRetry.schedule(AioServer.this::accept, Net.ACCEPT_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                log.log(Level.DEBUG, "not accepting again: the server is closing");
            }
        }
    };

    private void read(Connection c) {
        c.buf.clear();
        try {
            // aio read: returns at once, nothing blocks here. Phase 1 (waiting for data) and phase 2
            // (copying it into buf) are both done when `readDone` runs. On Linux a group thread did
            // them: epoll_wait, then read(2) into buf. Only this read waits for the client, so only it
            // has a timeout (--idle-timeout; 0 = none): a pending write does not count as idle.
            c.channel.read(c.buf, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS, c, readDone);
        } catch (ShutdownChannelGroupException e) {
            close(c, false);
        }
    }

    private final CompletionHandler<Integer, Connection> readDone = new CompletionHandler<>() {
        @Override
        public void completed(Integer n, Connection c) {
            if (n < 0) { // end of stream; nothing is pending, as a read is started only when all is written
                log.log(Level.INFO, "{0} closed the connection", c.peer);
                close(c, false);
                return;
            }
            stats.read(n);
            c.pending = n;
            c.buf.flip();
            try {
                config.transform().apply(c.buf); // upper-case
            } catch (RuntimeException e) { // thrown on a group thread: caught here, not by the group
                fault(c, e);
                return;
            }
            write(c);
        }

        @Override
        public void failed(Throwable e, Connection c) {
            ended(c, e);
        }
    };

    private void write(Connection c) {
        try {
            c.channel.write(c.buf, c, writeDone); // returns at once; `writeDone` runs when the kernel took some
        } catch (ShutdownChannelGroupException e) {
            close(c, false);
        }
    }

    private final CompletionHandler<Integer, Connection> writeDone = new CompletionHandler<>() {
        @Override
        public void completed(Integer n, Connection c) {
            stats.written(n);
            c.pending -= n;
            if (c.buf.hasRemaining()) {
                write(c); // the kernel took only part: the rest goes next, before anything else
            } else {
                read(c); // nothing pending: only now read more (backpressure on a client that does not read)
            }
        }

        @Override
        public void failed(Throwable e, Connection c) {
            ended(c, e);
        }
    };

    /**
     * A read or write failed: a reset or broken pipe is a normal end; close() is not a reset; a read
     * that timed out is a client silent for --idle-timeout.
     */
    private void ended(Connection c, Throwable e) {
        if (closing || e instanceof AsynchronousCloseException) {
            log.log(Level.DEBUG, "{0} closed by the server", c.peer);
            close(c, false);
        } else if (e instanceof InterruptedByTimeoutException) {
            stats.timedOut();
            log.log(Level.INFO, "{0} sent nothing for {1} s: closed", c.peer, config.idleTimeout().toSeconds());
            close(c, false);
        } else if (e instanceof IOException) {
            log.log(Level.INFO, "{0} connection ended: {1}", c.peer, e.getMessage()); // ConnectionResetError
            close(c, true);
        } else {
            fault(c, e); // not the network's doing
        }
    }

    /** Our fault, not the client's (a bug, an injected one): this connection only is closed, with one ERROR. */
    private void fault(Connection c, Throwable e) {
        stats.failed();
        log.log(Level.ERROR, c.peer + ": handling failed, connection closed", e);
        close(c, false); // the group thread goes on serving the others
    }

    /** Closes a connection and counts it, once, whoever gets here first (a handler or close()). */
    private void close(Connection c, boolean reset) {
        if (!c.closed.compareAndSet(false, true)) {
            return;
        }
        connections.remove(c);
        Threads.close(c.channel, log);
        stats.dropped(c.pending);
        stats.closed(reset);
    }

    // ---- The contract ----

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
        if (group == null || closing) {
            return;
        }
        closing = true;
        Threads.close(listener, log);
        for (Connection c : connections) {
            Threads.close(c.channel, log); // a pending read or write fails with AsynchronousCloseException
        }
        acceptRetry.shutdownNow();
        shutdownNow(group); // closes any channel still open, and its threads end
        threadsStarted.joinAll(); // a pool reports "terminated" a moment before its last thread has ended
        // Handlers still queued when the group stopped never ran: count those connections here.
        for (Connection c : connections) {
            close(c, false);
        }
    }

    private static void shutdownNow(AsynchronousChannelGroup g) {
        try {
            g.shutdownNow();
        } catch (IOException e) {
            log.log(Level.WARNING, "closing the channel group: {0}", e.getMessage());
        }
    }
}
