package io.models.selectors;

import io.models.common.connection.Acceptor;
import io.models.common.connection.Callback;
import io.models.common.connection.Clients;
import io.models.common.connection.Connection;
import io.models.common.connection.IdleSweep;
import io.models.common.connection.LoopTimer;
import io.models.common.connection.NonBlockingConnection;
import io.models.common.server.EchoServer;
import io.models.common.server.EventLoop;
import io.models.common.server.Listener;
import io.models.common.server.Quietly;
import io.models.common.server.ServerConfig;
import io.models.common.server.Stats;
import io.models.common.server.Threads;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;

/**
 * 七、selectors模块: the note's {@code selectors.DefaultSelector} server, which is the Reactor of
 * Doug Lea's "Scalable IO in Java". {@link Selector#open()} picks the platform's best mechanism
 * (epoll on Linux, kqueue on macOS), and every key carries its callback as its attachment, as
 * {@code sel.register(conn, EVENT_READ, read)} does: the listener's accepts, each connection's
 * ({@link NonBlockingConnection}) reads and writes back. The loop only waits and calls back; it
 * never asks what kind of key it holds (04-select's if/else is gone). The callbacks still run on
 * the loop's one thread: a slow one stalls every connection (08-reactors moves the work off it).
 */
public final class SelectorsServer implements EchoServer, EventLoop {

    static final String NAME = "06-selectors";

    private final Clients clients;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(Connection.READ_BYTES); // the loop's one read buffer
    private ServerSocketChannel server;
    private Selector selector;
    private Acceptor acceptor;
    private IdleSweep idle;
    private Thread loop;
    private volatile boolean closing;
    private volatile long wakeups; // written by the loop thread only

    public SelectorsServer(ServerConfig config) {
        this.clients = new Clients(NAME, config);
    }

    @Override
    public void start() throws IOException {
        server = Listener.open(clients.config());
        SelectionKey acceptKey;
        try {
            selector = Selector.open(); // selectors.DefaultSelector(): the best this platform has
            server.configureBlocking(false);
            // sel.register(server_fileobj, EVENT_READ, accept)
            acceptKey = server.register(selector, SelectionKey.OP_ACCEPT, (Callback) key -> accept());
        } catch (IOException | RuntimeException e) {
            Quietly.close(server, clients.log());
            if (selector != null) {
                Quietly.close(selector, clients.log());
            }
            throw e;
        }
        acceptor = new Acceptor(server, acceptKey, clients);
        idle = IdleSweep.overKeys(selector, clients.config());
        loop = Thread.ofPlatform().name(NAME).start(this::run);
    }

    /** {@code while True: events = sel.select(); for key, mask in events: callback = key.data; callback(...)}. */
    private void run() {
        try {
            while (!closing) {
                long wait = LoopTimer.runDue(acceptor, idle); // accept again after a failure; close idle ones
                // Phase 1, waiting for data: the only place this thread blocks, in epoll_wait, for every
                // socket at once. select(action) hands each ready key to its callback as it finds it.
                selector.select(key -> ((Callback) key.attachment()).onReady(key), wait);
                wakeups++;
            }
        } catch (IOException e) {
            clients.log().log(Level.ERROR, "select failed; the server stops", e);
        } finally {
            closeEverything();
        }
    }

    /** The listener's callback, the note's {@code accept}: {@code sel.register(conn, EVENT_READ, read)}. */
    private void accept() {
        acceptor.acceptWaiting(conn -> conn.register(selector, SelectionKey.OP_READ,
                new NonBlockingConnection(conn, clients, scratch)));
    }

    /** On the loop thread, as it ends: every connection, then the server and the selector. */
    private void closeEverything() {
        clients.endAll();
        Quietly.close(server, clients.log());
        Quietly.close(selector, clients.log());
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
    public int keyCount() {
        return selector.keys().size(); // a racy read from another thread is fine for a count
    }

    @Override
    public long wakeups() {
        return wakeups;
    }

    /** The selector the loop waits in; package-private so a test can see which one it is. */
    Selector selector() {
        return selector;
    }

    @Override
    public void close() {
        if (loop == null || closing) {
            return;
        }
        closing = true;
        selector.wakeup(); // select() returns, the loop sees closing and closes everything itself
        Threads.join(loop);
    }
}
