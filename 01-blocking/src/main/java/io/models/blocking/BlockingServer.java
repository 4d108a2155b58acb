package io.models.blocking;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.BlockingConnection;
import io.models.common.connection.Clients;
import io.models.common.server.EchoServer;
import io.models.common.server.Listener;
import io.models.common.server.Quietly;
import io.models.common.server.ServerConfig;
import io.models.common.server.Stats;
import io.models.common.server.Threads;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * 二、阻塞IO (blocking IO): one thread accepts a client and serves only it until it leaves, then
 * accepts the next. Both phases of every call block: {@code accept()} waits for a client, and
 * {@code read()} waits for data and then for the copy. While one client is served, the next one
 * waits in the kernel's backlog, connected but unanswered.
 */
public final class BlockingServer implements EchoServer {

    static final String NAME = "01-blocking";

    private final Clients clients;
    private ServerSocketChannel server;
    private Thread thread;
    private volatile boolean closing;

    public BlockingServer(ServerConfig config) {
        this.clients = new Clients(NAME, config);
    }

    @Override
    public void start() throws IOException {
        server = Listener.open(clients.config()); // socket(), setsockopt(SO_REUSEADDR), bind(), listen()
        thread = Thread.ofPlatform().name(NAME).start(this::run);
    }

    /** The note's server: {@code while True: conn, addr = server.accept(); while True: recv/send}. */
    private void run() {
        AcceptBackoff backoff = new AcceptBackoff(clients.log());
        while (!closing) {
            SocketChannel conn;
            try {
                conn = server.accept(); // blocks until a client has connected
            } catch (AsynchronousCloseException e) {
                return; // close() closed the listener, or interrupted us
            } catch (IOException e) { // out of file descriptors, say: not a reason to stop serving
                backoff.waitAfter(e); // close() interrupts the wait too
                continue;
            }
            backoff.succeeded();
            // Nobody else is served until this client leaves, so at most one connection is ever
            // open: --max-connections (at least 1) never refuses anyone here.
            if (clients.admit(conn)) {
                new BlockingConnection(conn, clients).run(); // while True: recv, send: until the client leaves
            }
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
        closing = true;
        thread.interrupt(); // a blocked accept/read/write ends, and closes its channel
        Quietly.close(server, clients.log());
        Threads.join(thread);
    }
}
