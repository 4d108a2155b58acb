package io.models.threadpool;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerLauncher;
import io.models.common.cli.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar 02-threadpool/target/02-threadpool.jar [--pool N] [--host ADDRESS] [--port PORT]} */
@Command(name = "02-threadpool", mixinStandardHelpOptions = true, sortOptions = false,
        description = "二、一个简单的解决方案 / 改进方案: a thread per connection, or a fixed pool of N threads.")
public final class Main implements Callable<Integer> {

    @Mixin
    ServerOptions server = new ServerOptions(8082);

    @Option(names = "--pool", paramLabel = "N", converter = PoolSize.class,
            description = "Serve with a fixed pool of N threads (1..10000); client N+1 waits. "
                    + "Default: a new thread per connection.")
    int pool;

    @Override
    public Integer call() {
        String model = pool == 0
                ? "一个简单的解决方案: a new thread per connection, each blocking on its own client"
                : "改进方案 线程池: a fixed pool of " + pool + " threads; client " + (pool + 1) + " waits for a free one";
        return ServerLauncher.serve(new ThreadPoolServer(server.config(), pool), server.config(), model);
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Main(), args));
    }

    static final class PoolSize implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 1, 10_000, "a pool size from 1 to 10000");
        }
    }
}
