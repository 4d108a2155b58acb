package io.models.virtualthreads;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerLauncher;
import io.models.common.cli.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code java -jar 07-virtual-threads/target/07-virtual-threads.jar [--host ADDRESS] [--port PORT]} */
@Command(name = "07-virtual-threads", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Beyond the note: 02's thread per connection, each connection on a virtual thread.")
public final class Main implements Callable<Integer> {

    // Configure the server: 8087, for 07.
    @Mixin
    ServerOptions server = new ServerOptions(8087);

    @Override
    public Integer call() {
        // Start the server, and serve until Ctrl-C.
        return ServerLauncher.serve(new VirtualThreadServer(server.config()), server.config(),
                "beyond the note: a virtual thread per connection, each blocking on its own client; "
                        + "the JDK parks it and waits in epoll for every socket at once");
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Main(), args));
    }
}
