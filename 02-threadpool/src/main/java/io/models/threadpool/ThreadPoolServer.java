package io.models.threadpool;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.BlockingConnection;
import io.models.common.connection.Clients;
import io.models.common.connection.End;
import io.models.common.server.EchoServer;
import io.models.common.server.Listener;
import io.models.common.server.Quietly;
import io.models.common.server.ServerConfig;
import io.models.common.server.Stats;
import io.models.common.server.ThreadTracker;
import io.models.common.server.Threads;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * 二、阻塞IO, 一个简单的解决方案 and 改进方案: the same blocking calls as 01, but every accepted
 * connection is handed to another thread, so one slow client no longer blocks the others.
 * <ul>
 *   <li>thread per connection (the simple solution): every client costs a thread, its stack and
 *       a scheduler slot, however idle it is;</li>
 *   <li>a fixed pool of N threads (the improvement): threads are reused, but the pool has a
 *       ceiling; client N+1 is accepted and then waits in the pool's queue until a thread frees.</li>
 * </ul>
 */
public final class ThreadPoolServer implements EchoServer {

    static final String NAME = "02-threadpool";

    private final Clients clients;
    private final int poolSize; // 0: a thread per connection
    private final ThreadTracker threads = new ThreadTracker();
    private final ThreadFactory workerThreads;
    private ServerSocketChannel server;
    private ExecutorService workers;
    private Thread acceptor;
    private volatile boolean closing;

    /** @param poolSize threads in the pool, or 0 for a new thread per connection */
    public ThreadPoolServer(ServerConfig config, int poolSize) {
        this(config, poolSize, Thread.ofPlatform().name(NAME + "-worker-", 1).factory());
    }

    /** @param workerThreads where workers come from (a test passes one that fails, as a process at its thread limit does) */
    ThreadPoolServer(ServerConfig config, int poolSize, ThreadFactory workerThreads) {
        if (poolSize < 0) {
            throw new IllegalArgumentException("pool size must be 0 (a thread per connection) or more");
        }
        this.clients = new Clients(NAME, config);
        this.poolSize = poolSize;
        this.workerThreads = threads.track(workerThreads); // so close() can join every one
    }

    @Override
    public void start() throws IOException {
        server = Listener.open(clients.config());
        workers = poolSize == 0
                ? Executors.newThreadPerTaskExecutor(workerThreads) // 一个简单的解决方案
                : Executors.newFixedThreadPool(poolSize, workerThreads); // 改进方案: 线程池
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
            if (clients.admit(conn)) { // --max-connections counts those served and those queued
                hand(new BlockingConnection(conn, clients), backoff); // the acceptor is free for the next client at once
            }
        }
    }

    /**
     * Gives a connection to a thread. If no thread can be started (a limit on the process's threads,
     * say), the client waits, and so do the ones in the backlog, until one can: never lost, never fatal.
     */
    private void hand(BlockingConnection conn, AcceptBackoff backoff) {
        while (!closing) {
            try {
                workers.execute(conn); // runs the same loop as 01, on a thread of its own
                return;
            } catch (OutOfMemoryError e) { // "unable to create native thread"
                backoff.waitAfter("starting a thread for a client", e);
            }
        }
        conn.end(End.SERVER);
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
        workers.shutdownNow(); // interrupting a worker closes the channel it is blocked on
        threads.joinAll(); // every worker has ended, not only "terminated" as far as the pool knows
        clients.endAll(); // the connections still queued for a worker never ran
    }
}
