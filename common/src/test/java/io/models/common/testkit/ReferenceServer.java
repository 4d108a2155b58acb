package io.models.common.testkit;

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
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * The smallest correct server, for testing common itself (the client, the launcher, the suite):
 * a platform thread per connection running {@link BlockingEcho}. Not a chapter.
 */
public final class ReferenceServer implements EchoServer {

    private static final String NAME = "reference";
    private static final Logger log = Logging.logger(NAME);
    private final ServerConfig config;
    private final ServerStats stats = new ServerStats();
    private ServerSocketChannel server;
    private final ThreadTracker threads = new ThreadTracker();
    private ExecutorService workers;
    private Thread acceptor;
    private volatile boolean closing;

    public ReferenceServer(ServerConfig config) {
        this.config = config;
    }

    @Override
    public void start() throws IOException {
        server = Net.listen(config);
        workers = Executors.newThreadPerTaskExecutor(threads.named(NAME + "-worker-"));
        AcceptBackoff backoff = new AcceptBackoff(log);
        acceptor = Thread.ofPlatform().name(NAME).start(() -> {
            while (!closing) {
                SocketChannel conn;
                try {
                    conn = server.accept();
                } catch (AsynchronousCloseException e) {
                    return;
                } catch (IOException e) {
                    backoff.failed(e);
                    LockSupport.parkNanos(Net.ACCEPT_RETRY.toNanos());
                    continue;
                }
                backoff.succeeded();
                if (config.full(stats.active())) {
                    Net.refuse(conn, config, stats, log);
                    continue;
                }
                stats.accepted();
                workers.execute(() -> BlockingEcho.serve(conn, config, stats, log));
            }
        });
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
        workers.shutdownNow();
        threads.joinAll();
    }
}
