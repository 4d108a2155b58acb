package io.models.common.cli;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Flag;
import io.models.common.chapter.Options;
import io.models.common.chapter.Text;
import io.models.common.connection.BlockingConnection;
import io.models.common.server.Model;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A chapter for common's own tests (the launcher's, the client's): a thread per connection, a number
 * flag and a choice flag; {@code --mode broken} is a model this machine "cannot run".
 */
public final class TestChapter extends Chapter {

    public TestChapter() {
        super(named("test").port(0).section("(a test)").about("A thread per connection.", "每个连接一个线程。")
                .flag(Flag.number("--size", "N", "a size from 1 to 9", 1, 9, 3, new Text("How big.", "多大。")))
                .flag(Flag.choice("--mode", "NAME", "a mode: fine or broken", List.of("fine", "broken"),
                        new Text("Which mode.", "哪种模式。"))));
    }

    @Override
    public Model model(Options options) {
        if (options.value("--mode").equals("broken")) {
            throw new UnsupportedOperationException("test: the broken mode cannot start here");
        }
        return new ThreadPerConnection();
    }

    @Override
    public String describe(Options options) {
        return "a test model of size " + options.number("--size");
    }

    /** The smallest correct model: a platform thread per connection. */
    public static final class ThreadPerConnection extends Model {
        public ThreadPerConnection() {
            super("test");
        }

        @Override
        public void start(ServerContext server) throws IOException {
            ServerSocketChannel listener = server.listen();
            ExecutorService workers = Executors.newThreadPerTaskExecutor(server.threads("test-worker-"));
            server.onClose(workers::shutdownNow);
            server.thread("test-acceptor", Thread::interrupt, () -> {
                while (server.running()) {
                    SocketChannel conn = server.accept(listener);
                    if (conn != null) {
                        workers.execute(new BlockingConnection(conn, server));
                    }
                }
            });
        }
    }
}
