package io.models.virtualthreads;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.BlockingConnection;
import io.models.common.connection.Clients;
import io.models.common.server.EchoServer;
import io.models.common.server.Listener;
import io.models.common.server.Quietly;
import io.models.common.server.ServerConfig;
import io.models.common.server.Stats;
import io.models.common.server.ThreadTracker;
import io.models.common.server.Threads;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Beyond the note: 二's 一个简单的解决方案, a thread per connection, with the same blocking code
 * ({@link BlockingConnection}: {@code data = conn.recv(...); conn.send(data.upper())}), but each
 * connection on a <em>virtual</em> thread. A virtual thread that blocks on a socket parks: its
 * stack is saved on the heap and its carrier (one of a few platform threads) runs another one. The
 * JDK waits in epoll for every parked socket at once, as 06-selectors does by hand.
 */
public final class VirtualThreadServer implements EchoServer {

    static final String NAME = "07-virtual-threads";

    /**
     * Bytes read per call, and so the buffer each connection holds while it waits: the note's own
     * {@code recv(1024)}, not the 16 KiB of every other chapter
     * ({@link io.models.common.connection.Connection#READ_BYTES}). A parked connection's stack is on
     * the heap too (about 2 KB), and with 16 KiB buffers 10,000 connections need 185 MiB; with
     * 1 KiB they fit a 64 MiB heap (the README has the measurements). A large message takes 16 times
     * the reads.
     */
    static final int READ_BYTES = 1024;

    private final Clients clients;
    private final int readBytes;
    private final ThreadTracker threads = new ThreadTracker();
    private final ThreadFactory connectionThreads;
    private ServerSocketChannel server;
    private ExecutorService perConnection;
    private Thread acceptor;
    private volatile boolean closing;

    public VirtualThreadServer(ServerConfig config) {
        this(config, READ_BYTES);
    }

    /** @param readBytes bytes read per call (a test compares sizes) */
    VirtualThreadServer(ServerConfig config, int readBytes) {
        this.clients = new Clients(NAME, config);
        this.readBytes = readBytes;
        // 07-virtual-threads-1, -2, ...: virtual, and remembered so close() can join every one.
        this.connectionThreads = threads.track(Thread.ofVirtual().name(NAME + "-", 1).factory());
    }

    @Override
    public void start() throws IOException {
        server = Listener.open(clients.config());
        perConnection = Executors.newThreadPerTaskExecutor(connectionThreads); // a new virtual thread per task
        // The acceptor is one platform thread, as in 02: blocked in accept(2) itself, and visible by
        // name to every thread probe (virtual threads are not in Thread.getAllStackTraces()).
        acceptor = Thread.ofPlatform().name(NAME + "-acceptor").start(this::run);
    }

    private void run() {
        AcceptBackoff backoff = new AcceptBackoff(clients.log());
        while (!closing) {
            SocketChannel conn;
            try {
                conn = server.accept(); // blocks until a client has connected
            } catch (AsynchronousCloseException e) {
                return; // close()
            } catch (IOException e) { // out of file descriptors, say: not a reason to stop serving
                backoff.waitAfter(e); // close() interrupts the wait too
                continue;
            }
            backoff.succeeded();
            if (clients.admit(conn)) { // --max-connections
                BlockingConnection connection = new BlockingConnection(conn, clients, readBytes);
                try {
                    // A message longer than one read goes back in several writes: send each at once
                    // (Nagle's algorithm would hold the second until the client ACKs the first).
                    conn.setOption(StandardSocketOptions.TCP_NODELAY, true);
                } catch (IOException e) { // the client has gone already
                    connection.end(e);
                    continue;
                }
                // 01's loop, on a virtual thread of its own. No kernel thread is started, so 02's
                // wait for a thread to become available is gone: a virtual thread is a heap object.
                perConnection.execute(connection);
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
        if (acceptor == null || closing) {
            return;
        }
        closing = true;
        acceptor.interrupt();
        Quietly.close(server, clients.log());
        Threads.join(acceptor);
        perConnection.shutdownNow(); // interrupting a virtual thread parked on its channel closes the channel
        threads.joinAll(); // every virtual thread has ended, not only "terminated" as the executor sees it
        clients.endAll();
    }
}
