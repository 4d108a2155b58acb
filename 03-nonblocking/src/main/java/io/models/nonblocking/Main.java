package io.models.nonblocking;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerLauncher;
import io.models.common.cli.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar 03-nonblocking/target/03-nonblocking.jar [--idle-sleep-ms N] [--max-connections N]
 * [--idle-timeout SECONDS] [--host ADDRESS] [--port PORT]}
 */
@Command(name = "03-nonblocking", mixinStandardHelpOptions = true, sortOptions = false,
        description = "三、非阻塞IO (nonblocking IO): every socket non-blocking, one thread polling them all in a loop.")
public final class Main implements Callable<Integer> {

    @Mixin
    ServerOptions server = new ServerOptions(8083);

    @Option(names = "--idle-sleep-ms", paramLabel = "N", converter = IdleSleep.class,
            description = "After a pass that found nothing to do, sleep N ms (0..10000), the note's time.sleep: "
                    + "less CPU while idle, later replies. Default: ${DEFAULT-VALUE}, poll flat out (burns a core).")
    int idleSleepMs = 0;

    @Override
    public Integer call() {
        String model = idleSleepMs == 0
                ? "三、非阻塞IO nonblocking IO: one thread polls every socket flat out (a core busy even when idle)"
                : "三、非阻塞IO nonblocking IO: one thread polls every socket, sleeping " + idleSleepMs
                        + " ms after a pass that found nothing";
        return ServerLauncher.serve(new NonBlockingServer(server.config(), idleSleepMs), server.config(), model);
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Main(), args));
    }

    static final class IdleSleep implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 0, NonBlockingServer.MAX_IDLE_SLEEP_MS, "a pause from 0 to 10000 ms");
        }
    }
}
