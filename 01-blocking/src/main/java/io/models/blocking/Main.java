package io.models.blocking;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerLauncher;
import io.models.common.cli.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code java -jar 01-blocking/target/01-blocking.jar [--host ADDRESS] [--port PORT]} */
@Command(name = "01-blocking", mixinStandardHelpOptions = true, sortOptions = false,
        description = "二、阻塞IO (blocking IO): one thread serves one client at a time; the next waits.")
public final class Main implements Callable<Integer> {

    @Mixin
    ServerOptions server = new ServerOptions(8080);

    @Override
    public Integer call() {
        return ServerLauncher.serve(new BlockingServer(server.config()), server.config(),
                "二、阻塞IO blocking IO: one thread, one client at a time");
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Main(), args));
    }
}
