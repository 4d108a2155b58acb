package io.models.select;

import io.models.common.connection.Acceptor;
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
import java.nio.channels.spi.SelectorProvider;

/**
 * 四、多路复用IO (IO multiplexing): one thread, one {@code select} call watching every socket.
 * The process blocks in {@code select} (here poll(2): the kernel scans every registered descriptor
 * on every call) instead of in {@code recv}; when it returns, the thread accepts, reads and writes
 * only the sockets that are ready, so none of those calls waits for data.
 *
 * <p>The note's loop, {@code r_l, w_l, x_l = select.select(read_l, [], [])}: if the ready object
 * is the listener, accept and add the connection to the read list; otherwise recv and send back.
 * Unlike the note's {@code send}, a reply the kernel does not take at once is kept, and the socket
 * moves from the read list to the write list until it is sent ({@link NonBlockingConnection}).
 */
public final class SelectServer implements EchoServer, EventLoop {

    static final String NAME = "04-select";
    static final String POLL_PROVIDER = "sun.nio.ch.PollSelectorProvider";
    static final String ADD_EXPORTS = "--add-exports java.base/sun.nio.ch=ALL-UNNAMED";

    private final Clients clients;
    private final SelectorProvider poll;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(Connection.READ_BYTES); // the loop's one read buffer
    private ServerSocketChannel server;
    private Selector selector;
    private SelectionKey acceptKey;
    private Acceptor acceptor;
    private IdleSweep idle;
    private Thread loop;
    private volatile boolean closing;
    private volatile long wakeups; // written by the loop thread only

    /**
     * @throws UnsupportedOperationException if the JVM cannot open a poll(2) selector (the
     *         message is one line naming what is missing, usually {@value #ADD_EXPORTS})
     */
    public SelectServer(ServerConfig config) {
        this.clients = new Clients(NAME, config);
        this.poll = pollProvider();
    }

    /**
     * The JDK's poll(2) selector provider. The class is public but lives in sun.nio.ch, which
     * java.base exports to no one: without {@value #ADD_EXPORTS} its constructor is not accessible.
     */
    static SelectorProvider pollProvider() {
        return provider(POLL_PROVIDER);
    }

    static SelectorProvider provider(String className) {
        try {
            return (SelectorProvider) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (IllegalAccessException e) {
            throw new UnsupportedOperationException(NAME + ": cannot open a poll(2) selector: run java with "
                    + ADD_EXPORTS + " (java -jar " + NAME + ".jar adds it from the jar's manifest)");
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new UnsupportedOperationException(NAME + ": this JVM has no " + className
                    + " (poll(2) selectors exist on Linux and macOS): " + e);
        }
    }

    @Override
    public void start() throws IOException {
        server = Listener.open(clients.config());
        try {
            selector = poll.openSelector(); // any JDK selector takes any JDK channel: SelectLessonTest
            server.configureBlocking(false);
            acceptKey = server.register(selector, SelectionKey.OP_ACCEPT); // read_l = [s]
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

    /** The note's {@code while True: r_l, w_l, x_l = select.select(read_l, [], [])}. */
    private void run() {
        try {
            while (!closing) {
                long wait = LoopTimer.runDue(acceptor, idle); // accept again after a failure; close idle ones
                // Phase 1, waiting for data: the whole thread blocks here, in poll(2), for every socket
                // at once (no longer than until the next timer; with none, until a socket is ready).
                selector.select(wait);
                wakeups++;
                for (SelectionKey key : selector.selectedKeys()) { // for ready_obj in r_l:
                    if (key == acceptKey) { // if ready_obj == s:
                        // conn, addr = s.accept(); read_l.append(conn)
                        acceptor.acceptWaiting(conn -> conn.register(selector, SelectionKey.OP_READ,
                                new NonBlockingConnection(conn, clients, scratch)));
                    } else { // else: data = ready_obj.recv(1024); ready_obj.send(data.upper())
                        ((NonBlockingConnection) key.attachment()).onReady(key);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            clients.log().log(Level.ERROR, "select failed; the server stops", e);
        } finally {
            closeEverything();
        }
    }

    /** On the loop thread, as it ends: every connection, then the listener and the selector. */
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

    /** The selector the loop runs on (for the lesson test: which provider made it). */
    Selector selector() {
        return selector;
    }

    /** The listener (for the lesson test: a default-provider channel registered with it). */
    ServerSocketChannel listener() {
        return server;
    }

    @Override
    public void close() {
        if (loop == null || closing) {
            return;
        }
        closing = true;
        selector.wakeup(); // select() returns; the loop sees closing and closes everything itself
        Threads.join(loop);
    }
}
