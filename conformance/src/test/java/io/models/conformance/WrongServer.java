package io.models.conformance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Executor;

/**
 * A small blocking server with one classic mistake, in this JVM: in its handler (a thread per
 * connection, the default), or in how it accepts (one connection at a time, a fixed pool, a tiny
 * backlog and a slow accept loop). The wrong answers a teacher sees, each to show which case of the
 * checker catches it. (The mistakes of a one-thread non-blocking loop are {@link WrongLoops}.)
 */
final class WrongServer implements AutoCloseable {

    /** Serves one accepted connection; whatever it leaves open is closed at the end. */
    @FunctionalInterface
    interface Handler {
        void serve(SocketChannel conn) throws IOException;
    }

    private final ServerSocketChannel server;
    private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
    private final ExecutorService pool;

    private WrongServer(Handler handler, int backlog, Duration betweenAccepts, Executor each, ExecutorService pool)
            throws IOException {
        this.pool = pool;
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress("127.0.0.1", 0), backlog);
        Thread.ofPlatform().daemon().name("wrong-server").start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel conn = server.accept();
                    accepted.add(conn);
                    each.execute(() -> {
                        try {
                            handler.serve(conn);
                        } catch (IOException e) {
                            // the client went away: this fixture's mistakes are elsewhere
                        }
                    });
                    if (!betweenAccepts.isZero()) {
                        Thread.sleep(betweenAccepts.toMillis()); // a loop that does other work between accepts
                    }
                } catch (IOException | InterruptedException e) {
                    return; // closed
                }
            }
        });
    }

    /** A thread per connection, each running {@code handler}. */
    static WrongServer start(Handler handler) throws IOException {
        return new WrongServer(handler, 1024, Duration.ZERO, WrongServer::onItsOwnThread, null);
    }

    /** The accepting thread serves each connection itself, to its end: one client at a time (二、阻塞IO). */
    static WrongServer oneAtATime(Handler handler) throws IOException {
        return new WrongServer(handler, 1024, Duration.ZERO, Runnable::run, null);
    }

    /** A fixed pool of {@code threads}: connection {@code threads + 1} waits for a free one (二、改进方案). */
    static WrongServer pool(int threads, Handler handler) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> Thread.ofPlatform().daemon().unstarted(r));
        return new WrongServer(handler, 1024, Duration.ZERO, pool, pool);
    }

    /** listen({@code backlog}) and an accept every {@code between}: clients that arrive at once overflow it. */
    static WrongServer slowAccept(int backlog, Duration between, Handler handler) throws IOException {
        return new WrongServer(handler, backlog, between, WrongServer::onItsOwnThread, null);
    }

    private static void onItsOwnThread(Runnable r) {
        Thread.ofPlatform().daemon().name("wrong-server-conn").start(r);
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    @Override
    public void close() throws IOException {
        server.close(); // ends the acceptor's accept()
        for (SocketChannel c : accepted) {
            c.close(); // ends every handler's read or write
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
