package io.models.common.server;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.Connection;
import io.models.common.connection.End;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadFactory;
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
 *
 * <p>It is what a model sees; the work is done by three parts of this package: {@link OpenConnections}
 * (who is let in, what is open), {@link Teardown} (what stop() undoes) and {@link SelectLoops}.
 */
public final class ServerContext {

    /** A model's loop: it runs while {@link #running()}, and may fail with an IOException (select failed). */
    @FunctionalInterface
    public interface Loop {
        void run() throws IOException;
    }

    private final String name;
    private final ServerConfig config;
    private final Counters counters = new Counters();
    private final Logger log;
    private final AcceptBackoff backoff;
    private final OpenConnections open;
    private final Teardown teardown;
    private final SelectLoops selectLoops = new SelectLoops();
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
        this.open = new OpenConnections(config, counters, log, backoff);
        this.teardown = new Teardown(name, log);
        teardown.onClose(open::endAll); // registered first, so it runs last: after all the model registers
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
        return teardown.running();
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
        return open.admit(peer, conn);
    }

    /**
     * {@code conn, addr = server.accept()} on a blocking listener, for the chapters whose loop blocks
     * in it (01, 02, 07): waits for a client and returns it, admitted. Null if there is none to serve:
     * {@link #stop()} ended the wait, the client was refused, or accept failed (out of descriptors,
     * say); then this thread has waited {@link AcceptBackoff#RETRY} first, so that a loop calling it
     * again never spins.
     */
    public SocketChannel accept(ServerSocketChannel listener) {
        return open.accept(listener);
    }

    /** Ends every connection still open, as the server closes ({@link End#SERVER}). */
    public void endAll() {
        open.endAll();
    }

    /** For {@link Connection}: a connection was made; it is open until it ends. */
    public void opened(Connection c) {
        open.opened(c);
    }

    /** For {@link Connection}: a connection has ended (its channel is closed): count it, say why, drop what it held. */
    public void ended(Connection c, String peer, End why, Throwable cause, long unsent) {
        open.ended(c, peer, why, cause, unsent);
    }

    /**
     * A connection this context does not hold has ended (a Netty channel, which keeps its own state):
     * count it, say why ({@code cause} in the log line, if any), drop the {@code unsent} bytes it held.
     */
    public void ended(String peer, End why, Throwable cause, long unsent) {
        open.ended(peer, why, cause, unsent);
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
        return teardown.closing(resource);
    }

    /** {@code action} runs when the server stops (after everything registered later, before what came earlier). */
    public void onClose(Runnable action) {
        teardown.onClose(action);
    }

    /**
     * A selector the model's loop waits in: closed when the server stops, and its keys counted in the
     * server's {@link EventLoop} (no key may outlive its connection).
     */
    public Selector selector(Selector selector) {
        selectLoops.add(selector);
        return closing(selector);
    }

    /** The loop's select call has returned: counted, so a test can see that an idle loop sleeps. */
    public void woke() {
        selectLoops.woke();
    }

    /** The select loops' counts, or null if the model registered no selector. */
    EventLoop eventLoop() {
        return selectLoops.ifAny();
    }

    /**
     * Starts a platform thread named {@code threadName} that runs {@code loop}. When the server stops,
     * {@code wake} is called with the thread (to interrupt it, unpark it, or wake its selector) and the
     * thread is joined. If the loop fails, the error is logged and the whole server stops.
     */
    public Thread thread(String threadName, Consumer<Thread> wake, Loop loop) {
        return teardown.thread(threadName, wake, loop);
    }

    /**
     * {@code factory}, with every thread it makes remembered: when the server stops, after whatever is
     * registered later (the executor's shutdown, say), each is joined. An executor reports itself
     * terminated a moment before its last thread has ended; this waits for the threads themselves.
     */
    public ThreadFactory threads(ThreadFactory factory) {
        return teardown.threads(factory);
    }

    /** Platform threads named {@code prefix1}, {@code prefix2}, ..., each joined when the server stops. */
    public ThreadFactory threads(String prefix) {
        return threads(Thread.ofPlatform().name(prefix, 1).factory());
    }

    /**
     * Stops the server, once: what was registered is undone, the last first, and then every
     * connection still open is ended. A second call waits for the first to finish.
     */
    public void stop() {
        teardown.stop();
    }
}
