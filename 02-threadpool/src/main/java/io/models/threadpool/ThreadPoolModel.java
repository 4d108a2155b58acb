package io.models.threadpool;

import io.models.common.connection.BlockingConnection;
import io.models.common.connection.End;
import io.models.common.server.Model;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
public final class ThreadPoolModel extends Model {

    static final String NAME = "02-threadpool";

    private final int poolSize; // 0: a thread per connection
    private final ThreadFactory workerThreads;

    /** @param poolSize threads in the pool, or 0 for a new thread per connection */
    public ThreadPoolModel(int poolSize) {
        this(poolSize, Thread.ofPlatform().name(NAME + "-worker-", 1).factory());
    }

    /** @param workerThreads where workers come from (a test passes one that fails, as a process at its thread limit does) */
    ThreadPoolModel(int poolSize, ThreadFactory workerThreads) {
        super(NAME);
        if (poolSize < 0) {
            throw new IllegalArgumentException("pool size must be 0 (a thread per connection) or more");
        }
        this.poolSize = poolSize;
        this.workerThreads = workerThreads;
    }


    @Override
    public void start(ServerContext server) throws IOException {
        ServerSocketChannel listener = server.listen(); // socket(), setsockopt(SO_REUSEADDR), bind(), listen()
        ThreadFactory threads = server.threads(workerThreads); // every worker is joined at close
        ExecutorService workers = poolSize == 0
                ? Executors.newThreadPerTaskExecutor(threads) // 一个简单的解决方案: a new thread per connection
                : Executors.newFixedThreadPool(poolSize, threads); // 改进方案: 线程池
        server.onClose(workers::shutdownNow); // interrupting a worker closes the channel it is blocked on
        // The acceptor, one platform thread. Closing interrupts it: a blocked accept ends.
        server.thread(NAME + "-acceptor", Thread::interrupt, () -> {
            while (server.running()) { // while True:
                // conn, addr = server.accept(): blocks until a client has connected; null if there is
                // none to serve (refused by --max-connections, which counts the queued too; or closing)
                SocketChannel conn = server.accept(listener);
                if (conn != null) {
                    hand(new BlockingConnection(conn, server), workers, server); // and accept the next at once
                }
            }
        });
    }

    /**
     * Gives a connection to a thread, which runs 01's loop for it. If no thread can be started (a
     * limit on the process's threads, say), the client waits, and so do the ones in the backlog,
     * until one can: never lost, never fatal.
     */
    private static void hand(BlockingConnection conn, ExecutorService workers, ServerContext server) {
        while (server.running()) {
            try {
                workers.execute(conn); // while True: recv, send, on a thread of its own
                return;
            } catch (OutOfMemoryError e) { // "unable to create native thread": wait, and try again
                server.backoff().waitAfter("starting a thread for a client", e);
            } catch (RejectedExecutionException e) { // the server closes: the workers are shut down
                break;
            }
        }
        conn.end(End.SERVER);
    }
}
