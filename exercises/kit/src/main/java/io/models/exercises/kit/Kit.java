package io.models.exercises.kit;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.function.IntConsumer;

/**
 * What every starter is given, so that the exercise is the IO model and nothing else: the flags
 * ({@code --host}, {@code --port}, {@code --help}), the line that says where it listens, the
 * protocol's transform, and a thread named for the loop (as the chapter names its own), so that
 * {@code ps -L} and {@code top -H} find it. JDK only.
 */
public final class Kit {

    /** Exit code for a bad command line, as every server of this repository uses. */
    public static final int USAGE = 2;

    /** Exit code when the loop has failed: the server stops, as a chapter's does when its loop throws. */
    public static final int FAILED = 1;

    /** A starter's loop: what runs on the thread {@link #loop} starts. */
    @FunctionalInterface
    public interface Loop {
        void run() throws Exception;
    }

    private Kit() {
    }

    /** The address a starter listens on. */
    public record Flags(String host, int port) {
        public InetSocketAddress address() {
            return new InetSocketAddress(host, port);
        }
    }

    /** A command line that cannot be used: the message is one line. */
    public static final class BadFlag extends Exception {
        private static final long serialVersionUID = 1L;

        BadFlag(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code [--host ADDRESS] [--port PORT] [--help]}; on a mistake prints one line and the
     * usage and exits with {@link #USAGE}; {@code --help} prints the usage and exits with 0.
     */
    public static Flags flags(String name, int defaultPort, String[] args) {
        return flags(name, defaultPort, args, System.out, System.err, System::exit);
    }

    static Flags flags(String name, int defaultPort, String[] args, PrintStream out, PrintStream err, IntConsumer exit) {
        try {
            Flags f = parse(defaultPort, args);
            if (f == null) {
                out.print(usage(name, defaultPort));
                exit.accept(0);
            }
            return f;
        } catch (BadFlag e) {
            err.println(name + ": " + e.getMessage());
            err.print(usage(name, defaultPort));
            exit.accept(USAGE);
            return null;
        }
    }

    /** The flags, or null for {@code --help}. */
    static Flags parse(int defaultPort, String[] args) throws BadFlag {
        String host = "127.0.0.1";
        int port = defaultPort;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--host", "--port" -> {
                    if (i + 1 == args.length) {
                        throw new BadFlag("missing value for " + a);
                    }
                    String v = args[++i];
                    if (a.equals("--host")) {
                        host = v;
                    } else {
                        port = port(v);
                    }
                }
                default -> throw new BadFlag("unknown option: '" + a + "'");
            }
        }
        return new Flags(host, port);
    }

    private static int port(String v) throws BadFlag {
        try {
            int p = Integer.parseInt(v.trim());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadFlag("--port: '" + v + "' is not a port from 0 to 65535");
    }

    static String usage(String name, int defaultPort) {
        return """
                Usage: %s [--host ADDRESS] [--port PORT]
                      --host ADDRESS   address to listen on (default: 127.0.0.1, this machine only)
                      --port PORT      TCP port, 0 picks a free one (default: %d)
                  -h, --help           show this help and exit
                """.formatted(name, defaultPort);
    }

    /**
     * Says what the starter is and where it listens, in the line the checker's tests read:
     * {@code listening on 127.0.0.1:8080}.
     */
    public static void listening(String name, String model, SocketAddress bound) {
        listening(System.out, name, model, bound);
    }

    static void listening(PrintStream out, String name, String model, SocketAddress bound) {
        InetSocketAddress a = (InetSocketAddress) bound;
        out.println(name + ": " + model);
        out.println("listening on " + a.getAddress().getHostAddress() + ":" + a.getPort());
        out.println("check it:  java -jar conformance/target/conformance.jar --port " + a.getPort());
        out.flush();
    }

    /**
     * Runs the loop on a platform thread of its own named {@code thread} ({@code 04-select}, as the
     * chapter's loop thread is named), and waits until it ends. Linux shows the name (its first 15
     * bytes) in {@code ps -L -o tid,comm -p PID} and in {@code /proc/PID/task/TID/comm}, so the
     * student finds the thread that waits, instead of {@code main} among the JVM's own. If the loop
     * throws, says so in one line and exits with {@link #FAILED}.
     */
    public static void loop(String thread, Loop loop) {
        loop(thread, loop, System.err, System::exit);
    }

    static void loop(String thread, Loop loop, PrintStream err, IntConsumer exit) {
        Throwable[] failed = new Throwable[1];
        Thread t = Thread.ofPlatform().name(thread).start(() -> {
            try {
                loop.run();
            } catch (Throwable e) { // said once below, on main
                failed[0] = e;
            }
        });
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (failed[0] != null) {
            err.println(thread + ": the loop failed: " + failed[0]);
            err.flush();
            exit.accept(FAILED);
        }
    }

    /**
     * The protocol: every byte between the buffer's position and limit with ASCII {@code a}-{@code z}
     * turned into {@code A}-{@code Z}, every other byte unchanged, in place (Python's
     * {@code bytes.upper()}). Moves neither position nor limit.
     */
    public static void upper(ByteBuffer buf) {
        for (int i = buf.position(); i < buf.limit(); i++) {
            byte b = buf.get(i);
            if (b >= 'a' && b <= 'z') {
                buf.put(i, (byte) (b - ('a' - 'A')));
            }
        }
    }
}
