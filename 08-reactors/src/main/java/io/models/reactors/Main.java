package io.models.reactors;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerLauncher;
import io.models.common.cli.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar 08-reactors/target/08-reactors.jar [--reactors N] [--workers N] [--work-us N]
 * [--max-connections N] [--idle-timeout SECONDS] [--host ADDRESS] [--port PORT]}
 */
@Command(name = "08-reactors", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Beyond the note: Doug Lea's reactors. A worker pool behind the reactor (--workers), "
                + "main and sub reactors (--reactors), and a large handler to show why (--work-us).")
public final class Main implements Callable<Integer> {

    @Mixin
    ServerOptions server = new ServerOptions(8086);

    @Option(names = "--reactors", paramLabel = "N", converter = Reactors.class,
            description = "Reactor threads, each with its own selector (1..64, default: ${DEFAULT-VALUE}); "
                    + "the first also accepts and hands each new connection to the next, in turn.")
    int reactors = 1;

    @Option(names = "--workers", paramLabel = "N", converter = Workers.class,
            description = "Threads that do the work on each request (0..256, default: ${DEFAULT-VALUE}: "
                    + "the reactor thread does it, as 06 does).")
    int workers = 0;

    @Option(names = "--work-us", paramLabel = "MICROS", converter = WorkMicros.class,
            description = "Each request (each read) keeps its thread busy for MICROS before its reply, "
                    + "the note's large handler (0..1000000, default: ${DEFAULT-VALUE}). The reply is unchanged.")
    int workMicros = 0;

    @Override
    public Integer call() {
        String model = "Doug Lea's reactors: " + reactors + " reactor thread(s) (the first also accepts), "
                + (workers == 0 ? "the work on the reactor thread" : workers + " worker thread(s) do the work")
                + (workMicros == 0 ? "" : ", " + workMicros + " µs of work per request");
        return ServerLauncher.serve(new ReactorsServer(server.config(), reactors, workers, workMicros),
                server.config(), model);
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Main(), args));
    }

    static final class Reactors implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 1, ReactorsServer.MAX_REACTORS, "a reactor count from 1 to 64");
        }
    }

    static final class Workers implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 0, ReactorsServer.MAX_WORKERS, "a worker count from 0 to 256");
        }
    }

    static final class WorkMicros implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 0, ReactorsServer.MAX_WORK_MICROS, "microseconds from 0 to 1000000");
        }
    }
}
