package io.models.blocking;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.BlockingEcho;
import io.models.common.server.EchoServer;
import io.models.common.server.Logging;
import io.models.common.server.Net;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerStats;
import io.models.common.server.Stats;
import io.models.common.server.Threads;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * 二、阻塞IO (blocking IO): one thread accepts a client and serves only it until it leaves, then
 * accepts the next. Both phases of every call block: {@code accept()} waits for a client, and
 * {@code read()} waits for data and then for the copy. While one client is served, the next one
 * waits in the kernel's backlog, connected but unanswered.
 */
public final class BlockingServer implements EchoServer {

    static final String NAME = "01-blocking";
    private static final Logger log = Logging.logger(NAME);

    private final ServerConfig config;
    private final ServerStats stats = new ServerStats();
    private ServerSocketChannel server;
    private Thread thread;
    private volatile boolean closing;

    public BlockingServer(ServerConfig config) {
        this.config = config;
    }

    @Override
    public void start() throws IOException {
        server = Net.listen(config); // socket(), setsockopt(SO_REUSEADDR), bind(), listen()
        thread = Thread.ofPlatform().name(NAME).start(this::run);
    }

    /** The note's server: {@code while True: conn, addr = server.accept(); while True: recv/send}. */
    private void run() {
        AcceptBackoff backoff = new AcceptBackoff(log);
        while (!closing) {
            SocketChannel conn;
            try {
                conn = server.accept(); // blocks until a client has connected
            } catch (AsynchronousCloseException e) {
                return; // close() closed the listener, or interrupted us
            } catch (IOException e) { // out of file descriptors, say: not a reason to stop serving
                backoff.failed(e);
                LockSupport.parkNanos(Net.ACCEPT_RETRY.toNanos()); // close() interrupts this too
                continue;
            }
            backoff.succeeded();
            stats.accepted();
            log.log(Level.INFO, "accepted {0}", Net.peer(conn));
            // Nobody else is served until this client leaves, so at most one connection is ever
            // open: --max-connections (at least 1) never refuses anyone here.
            BlockingEcho.serve(conn, config, stats, log);
        }
    }

    @Override
    public int port() {
        return Net.port(server);
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
        if (thread == null || closing) {
            return;
        }
        closing = true;
        thread.interrupt(); // a blocked accept/read/write ends, and closes its channel
        Threads.close(server, log);
        Threads.join(thread);
    }
}
