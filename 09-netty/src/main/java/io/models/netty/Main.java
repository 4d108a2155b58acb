package io.models.netty;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerLauncher;
import io.models.common.cli.ServerOptions;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code java -jar 09-netty/target/09-netty.jar [--transport nio|epoll|io_uring] [--threads N] [--port PORT]} */
@Command(name = "09-netty", mixinStandardHelpOptions = true, sortOptions = false,
        description = "八、总结 socketserver, in Java: Netty runs our handler on an event loop group, "
                + "over the JDK's NIO, Netty's epoll or io_uring.")
public final class Main implements Callable<Integer> {

    /** The most --threads may be: far more loops than any machine here has cores. */
    static final int MAX_THREADS = 256;

    // Configure the server: a port of its own, next to the note's 8088.
    @Mixin
    ServerOptions server = new ServerOptions(8089);

    @Option(names = "--transport", paramLabel = "NAME", converter = TransportConverter.class,
            description = "nio (the JDK's Selector), epoll (Netty's own, Linux) or io_uring (completions, Linux 5.9+). "
                    + "Default: io_uring where it starts, else epoll, else nio.")
    Transport transport;

    @Option(names = "--threads", paramLabel = "N", converter = ThreadsConverter.class,
            description = "Event loops (threads) that serve the connections, 1.." + MAX_THREADS
                    + "; they do not grow with the connections. Default: one per core (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    private final PrintStream err;

    public Main() {
        this(System.err);
    }

    Main(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() {
        Transport chosen = transport != null ? transport : Transport.preferred();
        if (!chosen.isAvailable()) { // asked for by name, and this machine cannot run it
            err.printf("09-netty: the %s transport cannot start here: %s; use --transport %s instead%n",
                    chosen, chosen.unavailabilityCause(), chosen.fallback());
            return Cli.FAILED;
        }
        // Start the server, and serve until Ctrl-C.
        return ServerLauncher.serve(new NettyServer(server.config(), chosen, threads), server.config(),
                model(chosen, transport == null, threads));
    }

    /** The banner's first line: the model, the transport, and why that one. */
    static String model(Transport chosen, boolean byDefault, int threads) {
        String why;
        if (!byDefault) {
            why = "as asked (--transport)";
        } else {
            StringBuilder b = new StringBuilder("the default");
            for (Transport t : Transport.PREFERENCE.subList(0, Transport.PREFERENCE.indexOf(chosen))) {
                b.append("; ").append(t).append(" unavailable: ").append(t.unavailabilityCause());
            }
            why = b.toString();
        }
        String how = switch (chosen) {
            case NIO -> "the JDK's Selector waits (epoll_wait), the loop copies (read)";
            case EPOLL -> "the loop waits in epoll_wait, then copies (read)";
            case IO_URING -> "the kernel waits and copies, the loop reaps completions";
        };
        return "socketserver in Java: Netty's event loops (%d) call our handler; transport %s (%s): %s"
                .formatted(threads, chosen, why, how);
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Main(), args));
    }

    static final class TransportConverter implements ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            try {
                return Transport.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ThreadsConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 1, MAX_THREADS, "a thread count from 1 to " + MAX_THREADS);
        }
    }
}
