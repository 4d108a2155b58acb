package io.models.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server under test: a chapter's runnable jar with its model flags, or the C reference.
 *
 * @param name       as the tables and charts show it
 * @param module     the chapter's module (its jar is {@code <module>/target/<module>.jar}), or
 *                   {@link #C_MODULE}
 * @param args       the model's own flags
 * @param concurrent false for a server that serves one connection at a time (01-blocking)
 */
record Subject(String name, String module, List<String> args, boolean concurrent) {

    static final String C_MODULE = "c-epoll";
    /** The module of a server the bench did not start ({@code --target}). */
    static final String TARGET_MODULE = "target";

    static final Subject BLOCKING = chapter("01-blocking", false);
    static final Subject THREADS = chapter("02-threadpool", true);
    static final Subject POOL_8 = chapter("02-threadpool", true, "--pool", "8");
    static final Subject NONBLOCKING = chapter("03-nonblocking", true);
    static final Subject NONBLOCKING_SLEEP = chapter("03-nonblocking", true, "--idle-sleep-ms", "1");
    static final Subject SELECT = chapter("04-select", true);
    static final Subject AIO = chapter("05-aio", true);
    static final Subject SELECTORS = chapter("06-selectors", true);
    static final Subject VIRTUAL_THREADS = chapter("07-virtual-threads", true);
    static final Subject REACTORS = chapter("08-reactors", true, "--reactors", "2");
    /** The heavy-handler shape's two: the work on the reactor thread, or on two workers. */
    static final Subject HEAVY_ON_REACTOR = chapter("08-reactors", true, "--workers", "0", "--work-us", "2000");
    static final Subject HEAVY_ON_WORKERS = chapter("08-reactors", true, "--workers", "2", "--work-us", "2000");
    static final Subject NETTY_NIO = netty("nio");
    static final Subject NETTY_EPOLL = netty("epoll");
    static final Subject NETTY_IO_URING = netty("io_uring");
    static final Subject C = new Subject("C epoll (reference)", C_MODULE, List.of(), true);

    /** The chapters in the note's order, then the reference: the rows of every table. */
    static final List<Subject> MAIN = List.of(BLOCKING, THREADS, NONBLOCKING, SELECT, AIO, SELECTORS, VIRTUAL_THREADS,
            REACTORS, NETTY_NIO, NETTY_EPOLL, NETTY_IO_URING, C);
    /** 09-netty on each of its transports. */
    static final List<Subject> NETTY = List.of(NETTY_NIO, NETTY_EPOLL, NETTY_IO_URING);

    /** The modules --models can name. */
    static final List<String> MODULES = List.of("01-blocking", "02-threadpool", "03-nonblocking", "04-select",
            "05-aio", "06-selectors", "07-virtual-threads", "08-reactors", "09-netty", C_MODULE);

    /** 09-netty on one transport, named as the tables show it: {@code 09-netty epoll}. */
    static Subject netty(String transport) {
        return new Subject("09-netty " + transport, "09-netty", List.of("--transport", transport), true);
    }

    static Subject chapter(String module, boolean concurrent, String... args) {
        String name = args.length == 0 ? module : module + " " + String.join(" ", args);
        return new Subject(name, module, List.of(args), concurrent);
    }

    /** A server running already at {@code hostPort} ({@code --target}): measured, never started. */
    static Subject target(String hostPort) {
        return new Subject(hostPort, TARGET_MODULE, List.of(), true);
    }

    boolean isTarget() {
        return module.equals(TARGET_MODULE);
    }

    boolean isC() {
        return module.equals(C_MODULE);
    }

    /** {@code <root>/<module>/target/<module>.jar} */
    Path jar(Path root) {
        return root.resolve(module).resolve("target").resolve(module + ".jar");
    }

    /** The command that starts it on a free port (it prints {@code listening on HOST:PORT}). */
    List<String> command(Path root, Path java, List<String> jvmFlags, Path cBinary) {
        List<String> cmd = new ArrayList<>();
        if (isC()) {
            cmd.add(cBinary.toString());
        } else {
            Path jar = jar(root);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no " + root.relativize(jar) + ": build the chapters first ("
                        + "./mvnw -q package -DskipTests)");
            }
            cmd.add(java.toString());
            cmd.addAll(jvmFlags);
            cmd.add("-jar");
            cmd.add(jar.toString());
        }
        cmd.add("--port");
        cmd.add("0");
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Resolves a --models entry: a module name, its number ("06"), a prefix ("06-sel"), or "c".
     */
    static String module(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("c") || s.equals("c-epoll") || s.equals("reference")) {
            return C_MODULE;
        }
        if (MODULES.contains(s)) {
            return s;
        }
        List<String> matches = s.isEmpty() ? List.of()
                : MODULES.stream().filter(m -> m.startsWith(s) || m.substring(3).equals(s)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw new IllegalArgumentException("'" + spec + "' is " + (matches.isEmpty() ? "not a model" : "more than one model")
                + "; one of " + String.join(", ", MODULES) + " (or its number, e.g. 06, or c)");
    }
}
