package io.models.selectors;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerLauncher;
import io.models.common.cli.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code java -jar 06-selectors/target/06-selectors.jar [--host ADDRESS] [--port PORT]} */
@Command(name = "06-selectors", mixinStandardHelpOptions = true, sortOptions = false,
        description = "七、selectors模块: the platform's best Selector (epoll on Linux), one thread, a callback per key.")
public final class Main implements Callable<Integer> {

    // Configure the server: the note's selectors example listens on 8088.
    @Mixin
    ServerOptions server = new ServerOptions(8088);

    @Override
    public Integer call() {
        // Start the server, and serve until Ctrl-C.
        return ServerLauncher.serve(new SelectorsServer(server.config()), server.config(),
                "七、selectors模块 DefaultSelector: one thread waits in the platform's best selector and calls each key's callback");
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Main(), args));
    }
}
