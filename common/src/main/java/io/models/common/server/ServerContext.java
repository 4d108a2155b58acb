package io.models.common.server;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.Connection;
import io.models.common.connection.End;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * One server's context, what its {@link Model} is handed: the config, the live counters, the
 * logger, who is let in ({@code --max-connections}), the connections open now, and what the server
 * must stop when it closes. The same in every chapter; one per server; thread-safe.
 *
 * <p>What a model opens or starts, it registers here ({@link #listen()}, {@link #thread},
 * {@link #threads}, {@link #closing}, {@link #onClose}). {@link #stop()} then undoes it in the
 * reverse order, as try-with-resources would: the threads started last are woken and joined first,
 * the listener opened first is closed last. Then every connection still open is ended.
 */
public final class ServerContext {

    static {
        // A process out of file descriptors cannot open a class file, and ending a connection is
        // what frees one: what an end needs is loaded before the first client comes.
        End.values();
        Quietly.class.getName();
    }

    /** A model's loop: it runs while {@link #running()}, and may fail with an IOException (select failed). */
    @FunctionalInterface
    public interface Loop {
        void run() throws IOException;
    }

    private final String name;
    private final ServerConfig config;
    private final Counters counters = new Counters();
    private final Logger log;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AcceptBackoff backoff;
    private final Deque<Runnable> stops = new ArrayDeque<>(); // last registered, first run
    private final List<Selector> selectors = new CopyOnWriteArrayList<>();
    private final LongAdder wakeups = new LongAdder();
    private volatile boolean closing;
    private boolean stopped;
    private volatile IntSupplier port;

    /** @param name the chapter, such as "04-select": the logger's name and every thread's prefix */
    public ServerContext(String name, ServerConfig config) {
        this(name, config, Logging.logger(name));
    }

    /** The same, logging to {@code log} (a test records what is logged). */
    public ServerContext(String name, ServerConfig config, Logger log) {
        this.name = name;
        this.config = config;
        this.log = log;
        this.backoff = new AcceptBackoff(log);
    }

    public String name() {
        return name;
    }

    public ServerConfig config() {
        return config;
    }

    /** The live counters, which every connection updates. */
    public Counters counters() {
        return counters;
    }

    /** A snapshot of the counters: what {@code EchoServer.stats()} returns. */
    public Stats snapshot() {
        return counters.snapshot();
    }

    public Logger log() {
        return log;
    }

    /** What this server does when {@code accept()} fails: one per server, since one thread (or chain) accepts. */
    public AcceptBackoff backoff() {
        return backoff;
    }

    /** False once the server has begun to close: each loop checks it on every turn. */
    public boolean running() {
        return !closing;
    }

    // ---- Who is let in, and the connections open now ----

    /**
     * A client has just been accepted: true if it is to be served. Past {@code --max-connections} it
     * is closed at once instead (its client reads end of stream before any reply), counted as
     * refused, and false; the clients already served are not touched.
     */
    public boolean admit(NetworkChannel conn) {
        return admit(Connection.peerOf(conn), conn);
    }

    /**
     * The same for a client whose channel is not one of the JDK's (09's, Netty's): {@code peer} names
     * it in the log, and {@code conn} closes it if it is refused.
     */
    public boolean admit(String peer, Closeable conn) {
        if (config.full(counters.active())) {
            Quietly.close(conn, log);
            counters.refused();
            log.log(Level.INFO, "refused {0}: already serving {1} connections (--max-connections)", peer,
                    config.maxConnections());
            return false;
        }
        counters.accepted();
        log.log(Level.INFO, "accepted {0}", peer);
        return true;
    }

    /**
     * {@code conn, addr = server.accept()} on a blocking listener, for the chapters whose loop blocks
     * in it (01, 02, 07): waits for a client and returns it, admitted. Null if there is none to serve:
     * {@link #stop()} ended the wait, the client was refused, or accept failed (out of descriptors,
     * say); then this thread has waited {@link AcceptBackoff#RETRY} first, so that a loop calling it
     * again never spins.
     */
    public SocketChannel accept(ServerSocketChannel listener) {
        SocketChannel conn;
        try {
            conn = listener.accept(); // blocks until a client has connected
        } catch (AsynchronousCloseException e) {
            return null; // stop() closed the listener, or interrupted this thread
        } catch (IOException e) { // not a reason to stop serving: the clients wait in the backlog
            backoff.waitAfter(e); // stop() interrupts the wait too
            return null;
        }
        backoff.succeeded();
        return admit(conn) ? conn : null;
    }

    /** Ends every connection still open, as the server closes ({@link End#SERVER}). */
    public void endAll() {
        open.forEach(c -> c.end(End.SERVER));
    }

    /** For {@link Connection}: a connection was made; it is open until it ends. */
    public void opened(Connection c) {
        open.add(c);
    }

    /** For {@link Connection}: a connection has ended (its channel is closed): count it, say why, drop what it held. */
    public void ended(Connection c, String peer, End why, Throwable cause, long unsent) {
        open.remove(c);
        ended(peer, why, cause, unsent);
    }

    /**
     * A connection this context does not hold has ended (a Netty channel, which keeps its own state):
     * count it, say why ({@code cause} in the log line, if any), drop the {@code unsent} bytes it held.
     */
    public void ended(String peer, End why, Throwable cause, long unsent) {
        counters.dropped(unsent);
        if (why == End.EOF) { // if/else, not a switch: a switch on an enum loads a class of its own, late
            log.log(Level.INFO, "{0} closed the connection", peer);
        } else if (why == End.RESET) {
            log.log(Level.INFO, "{0} connection ended: {1}", peer, cause == null ? "reset" : cause.getMessage());
        } else if (why == End.IDLE) {
            counters.timedOut();
            log.log(Level.INFO, "{0} sent nothing for {1} s: closed", peer, config.idleTimeout().toSeconds());
        } else if (why == End.FAULT) {
            counters.failed();
            log.log(Level.ERROR, peer + ": handling failed, connection closed", cause);
        } else {
            log.log(Level.DEBUG, "{0} closed by the server", peer);
        }
        counters.closed(why == End.RESET);
    }

    // ---- What the model opens and starts, registered so that stop() undoes it ----

    /**
     * The note's {@code socket(); setsockopt(SO_REUSEADDR, 1); bind((host, port)); listen(backlog)}:
     * the server's listener, in blocking mode, closed when the server stops.
     */
    public ServerSocketChannel listen() throws IOException {
        ServerSocketChannel listener = closing(Listener.open(config));
        listening(() -> Listener.port(listener));
        return listener;
    }

    /** The same for 05's asynchronous channels: a listener whose operations complete in {@code group}. */
    public AsynchronousServerSocketChannel listen(AsynchronousChannelGroup group) throws IOException {
        AsynchronousServerSocketChannel listener = closing(Listener.open(config, group));
        listening(() -> Listener.port(listener));
        return listener;
    }

    /** For a model that binds its own listener (09, Netty's): where to read its port. */
    public void listening(IntSupplier boundPort) {
        this.port = boundPort;
    }

    /** The port the listener is bound to. */
    int port() {
        IntSupplier p = port;
        if (p == null) {
            throw new IllegalStateException(name + " is not listening: start() it first");
        }
        return p.getAsInt();
    }

    /** {@code resource} is closed when the server stops (after everything registered later). */
    public <T extends AutoCloseable> T closing(T resource) {
        onClose(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                log.log(Level.WARNING, "closing {0}: {1}", resource, e.getMessage());
            }
        });
        return resource;
    }

    /** {@code action} runs when the server stops (after everything registered later, before what came earlier). */
    public synchronized void onClose(Runnable action) {
        stops.push(action);
    }

    /**
     * A selector the model's loop waits in: closed when the server stops, and its keys counted in the
     * server's {@link EventLoop} (no key may outlive its connection).
     */
    public Selector selector(Selector selector) {
        selectors.add(selector);
        return closing(selector);
    }

    /** The loop's select call has returned: counted, so a test can see that an idle loop sleeps. */
    public void woke() {
        wakeups.increment();
    }

    /** The select loops' counts, or null if the model registered no selector. */
    EventLoop eventLoop() {
        if (selectors.isEmpty()) {
            return null;
        }
        return new EventLoop() {
            @Override
            public long wakeups() {
                return wakeups.sum();
            }

            @Override
            public int keyCount() { // racy reads from another thread: fine for a count
                return selectors.stream().mapToInt(s -> s.keys().size()).sum();
            }
        };
    }

    /**
     * Starts a platform thread named {@code threadName} that runs {@code loop}. When the server stops,
     * {@code wake} is called with the thread (to interrupt it, unpark it, or wake its selector) and the
     * thread is joined. If the loop fails, the error is logged and the whole server stops.
     */
    public Thread thread(String threadName, Consumer<Thread> wake, Loop loop) {
        Thread t = Thread.ofPlatform().name(threadName).unstarted(() -> {
            try {
                loop.run();
            } catch (IOException | RuntimeException | Error e) {
                if (running()) {
                    log.log(Level.ERROR, threadName + " failed; the server stops", e);
                    Thread.ofPlatform().name(name + "-stop").start(this::stop);
                }
                if (e instanceof Error error) {
                    throw error;
                }
            }
        });
        onClose(() -> {
            wake.accept(t);
            Threads.join(t);
        });
        t.start();
        return t;
    }

    /**
     * {@code factory}, with every thread it makes remembered: when the server stops, after whatever is
     * registered later (the executor's shutdown, say), each is joined. An executor reports itself
     * terminated a moment before its last thread has ended; this waits for the threads themselves.
     */
    public ThreadFactory threads(ThreadFactory factory) {
        ThreadTracker tracker = new ThreadTracker();
        onClose(tracker::joinAll);
        return tracker.track(factory);
    }

    /** Platform threads named {@code prefix1}, {@code prefix2}, ..., each joined when the server stops. */
    public ThreadFactory threads(String prefix) {
        return threads(Thread.ofPlatform().name(prefix, 1).factory());
    }

    /**
     * Stops the server, once: what was registered is undone, the last first, and then every
     * connection still open is ended. A second call waits for the first to finish.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        closing = true;
        for (Runnable action = stops.poll(); action != null; action = stops.poll()) {
            action.run();
        }
        endAll();
        stopped = true;
    }
}
