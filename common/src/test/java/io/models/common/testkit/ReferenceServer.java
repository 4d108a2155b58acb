package io.models.common.testkit;

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
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The smallest correct server, for testing common itself (the client, the launcher, the suite):
 * a platform thread per connection running a {@link BlockingConnection}. Not a chapter.
 */
public final class ReferenceServer implements EchoServer {

    private static final String NAME = "reference";
    private final Clients clients;
    private final ThreadTracker threads = new ThreadTracker();
    private ServerSocketChannel server;
    private ExecutorService workers;
    private Thread acceptor;
    private volatile boolean closing;

    public ReferenceServer(ServerConfig config) {
        this.clients = new Clients(NAME, config);
    }

    @Override
    public void start() throws IOException {
        server = Listener.open(clients.config());
        workers = Executors.newThreadPerTaskExecutor(threads.named(NAME + "-worker-"));
        AcceptBackoff backoff = new AcceptBackoff(clients.log());
        acceptor = Thread.ofPlatform().name(NAME).start(() -> {
            while (!closing) {
                SocketChannel conn;
                try {
                    conn = server.accept();
                } catch (AsynchronousCloseException e) {
                    return;
                } catch (IOException e) {
                    backoff.waitAfter(e);
                    continue;
                }
                backoff.succeeded();
                if (clients.admit(conn)) {
                    workers.execute(new BlockingConnection(conn, clients));
                }
            }
        });
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
        workers.shutdownNow();
        threads.joinAll();
        clients.endAll();
    }
}
