package io.models.common.testkit;

import io.models.common.connection.BlockingConnection;
import io.models.common.server.Model;
import io.models.common.server.ServerContext;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The smallest correct model, for testing the kit itself (the contract suite, the client): a
 * platform thread per connection running a {@link BlockingConnection}. Not a chapter.
 */
public final class ReferenceModel extends Model {

    static final String NAME = "reference";

    public ReferenceModel() {
        super(NAME);
    }

    @Override
    public void start(ServerContext server) throws java.io.IOException {
        ServerSocketChannel listener = server.listen();
        ExecutorService workers = Executors.newThreadPerTaskExecutor(server.threads(NAME + "-worker-"));
        server.onClose(workers::shutdownNow);
        server.thread(NAME + "-acceptor", Thread::interrupt, () -> {
            while (server.running()) {
                SocketChannel conn = server.accept(listener);
                if (conn != null) {
                    workers.execute(new BlockingConnection(conn, server));
                }
            }
        });
    }
}
