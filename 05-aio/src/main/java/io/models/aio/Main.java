package io.models.aio;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerLauncher;
import io.models.common.cli.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar 05-aio/target/05-aio.jar [--threads N] [--max-connections N] [--idle-timeout SECONDS]
 * [--host ADDRESS] [--port PORT]}
 */
@Command(name = "05-aio", mixinStandardHelpOptions = true, sortOptions = false,
        description = "五、异步IO (asynchronous IO): NIO.2 completion handlers on a small fixed group of threads.")
public final class Main implements Callable<Integer> {

    @Mixin
    ServerOptions server = new ServerOptions(8085);

    @Option(names = "--threads", paramLabel = "N", converter = ThreadCount.class,
            description = "Threads in the channel group that run every completion handler (1..64, "
                    + "default: ${DEFAULT-VALUE}); it does not grow with the connections.")
    int threads = AioServer.DEFAULT_THREADS;

    @Override
    public Integer call() {
        String model = "五、异步IO asynchronous IO: read/write return at once, a completion handler runs when "
                + "they are done; " + threads + " group thread(s) for every connection "
                + "(on Linux the JDK emulates this with epoll and those threads)";
        return ServerLauncher.serve(new AioServer(server.config(), threads), server.config(), model);
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Main(), args));
    }

    static final class ThreadCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 1, AioServer.MAX_THREADS, "a thread count from 1 to " + AioServer.MAX_THREADS);
        }
    }
}
