package io.models.threadpool;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.BlockingEcho;
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
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

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
    private static final Logger log = Logging.logger(NAME);

    private final ServerConfig config;
    private final int poolSize; // 0: a thread per connection
    private final ServerStats stats = new ServerStats();
    private ServerSocketChannel server;
    private final ThreadTracker threads = new ThreadTracker();
    private ExecutorService workers;
    private Thread acceptor;
    private volatile boolean closing;

    /** @param poolSize threads in the pool, or 0 for a new thread per connection */
    public ThreadPoolServer(ServerConfig config, int poolSize) {
        if (poolSize < 0) {
            throw new IllegalArgumentException("pool size must be 0 (a thread per connection) or more");
        }
        this.config = config;
        this.poolSize = poolSize;
    }

    @Override
    public void start() throws IOException {
        server = Net.listen(config);
        var factory = threads.named(NAME + "-worker-");
        workers = poolSize == 0
                ? Executors.newThreadPerTaskExecutor(factory) // 一个简单的解决方案
                : Executors.newFixedThreadPool(poolSize, factory); // 改进方案: 线程池
        acceptor = Thread.ofPlatform().name(NAME + "-acceptor").start(this::run);
    }

    private void run() {
        AcceptBackoff backoff = new AcceptBackoff(log);
        while (!closing) {
            SocketChannel conn;
            try {
                conn = server.accept(); // blocks until a client has connected
            } catch (AsynchronousCloseException e) {
                return; // close()
            } catch (IOException e) { // out of file descriptors, say: not a reason to stop serving
                backoff.failed(e);
                LockSupport.parkNanos(Net.ACCEPT_RETRY.toNanos()); // close() interrupts this too
                continue;
            }
            backoff.succeeded();
            if (config.full(stats.active())) { // --max-connections: served plus queued
                Net.refuse(conn, config, stats, log);
                continue;
            }
            stats.accepted();
            log.log(Level.INFO, "accepted {0}", Net.peer(conn));
            workers.execute(new Handler(conn)); // the acceptor is free for the next client at once
        }
    }

    /** One connection's work; a named class so close() can close the ones still queued. */
    private final class Handler implements Runnable {
        final SocketChannel conn;

        Handler(SocketChannel conn) {
            this.conn = conn;
        }

        @Override
        public void run() {
            BlockingEcho.serve(conn, config, stats, log); // blocks this worker only
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
        if (acceptor == null || closing) {
            return;
        }
        closing = true;
        acceptor.interrupt();
        Threads.close(server, log);
        Threads.join(acceptor);
        // Interrupting a worker closes the channel it is blocked on; queued ones never ran.
        for (Runnable queued : workers.shutdownNow()) {
            Threads.close(((Handler) queued).conn, log);
            stats.closed(false);
        }
        threads.joinAll(); // every worker has ended, not only "terminated" as far as the pool knows
    }
}
