package io.models.select;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerLauncher;
import io.models.common.cli.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code java -jar 04-select/target/04-select.jar [--host ADDRESS] [--port PORT]} */
@Command(name = "04-select", mixinStandardHelpOptions = true, sortOptions = false,
        description = "四、多路复用IO (IO multiplexing): one thread blocks in poll(2) on every socket at once, "
                + "then serves the ready ones.")
public final class Main implements Callable<Integer> {

    @Mixin
    ServerOptions server = new ServerOptions(8081);

    @Override
    public Integer call() {
        SelectServer select;
        try {
            select = new SelectServer(server.config());
        } catch (UnsupportedOperationException e) {
            System.err.println(e.getMessage()); // one line: which flag is missing
            return Cli.FAILED;
        }
        return ServerLauncher.serve(select, server.config(),
                "四、多路复用IO IO multiplexing: one thread, one poll(2) selector, select() then if/else per ready socket");
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Main(), args));
    }
}
