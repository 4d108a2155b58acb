package io.models.common.testkit;

import io.models.common.chapter.Chapter;
import io.models.common.linux.Proc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chapter's server in a JVM of its own, started the way a person starts it (its {@code main},
 * flags and all), optionally under {@code prlimit}; measured from outside through /proc ({@link Proc}).
 */
public final class ChildServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on .*:(\\d+)");

    private final Process process;
    private final int port;
    private final List<String> output;

    private ChildServer(Process process, int port, List<String> output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** How a main is to be started: {@code ChildServer.of(chapter).args("--pool", "8").measured().start()}. */
    public static final class Launch {
        private final String mainClass;
        private List<String> prefix = List.of();
        private List<String> jvm = List.of();
        private List<String> args = List.of();
        private boolean measured;

        private Launch(String mainClass) {
            this.mainClass = mainClass;
        }

        /** JVM flags, such as {@code --add-exports ...}. */
        public Launch jvm(List<String> flags) {
            this.jvm = List.copyOf(flags);
            return this;
        }

        /** The main's own arguments (start() adds {@code --port 0} first). */
        public Launch args(List<String> mainArgs) {
            this.args = List.copyOf(mainArgs);
            return this;
        }

        public Launch args(String... mainArgs) {
            return args(List.of(mainArgs));
        }

        /** Runs the JVM under a command such as {@code prlimit --nofile=256:256 --}. */
        public Launch under(List<String> command) {
            this.prefix = List.copyOf(command);
            return this;
        }

        /**
         * The test measures the child's CPU: it then runs without the coverage agent, whose
         * instrumentation would add to what is measured.
         */
        public Launch measured() {
            this.measured = true;
            return this;
        }

        /** Starts it on a free port and waits until it says it is listening. */
        public ChildServer start() throws IOException {
            return ChildServer.start(prefix, jvm, mainClass, args, measured);
        }

        /**
         * The command that runs it, with exactly the arguments given (no {@code --port}): for a tool
         * that starts the server itself, such as the checker's {@code --exec}.
         */
        public List<String> commandLine() {
            return ChildServer.command(prefix, jvm, mainClass, args, !measured);
        }

        /** Runs it to its end (at most {@link Probes#DEADLINE}), with exactly the arguments given. */
        public Run run() throws Exception {
            return ChildServer.run(command(prefix, jvm, mainClass, args, !measured), mainClass + " " + args);
        }
    }

    /** A main class to start in a JVM of its own, with this JVM's class path. */
    public static Launch of(Class<?> mainClass) {
        return new Launch(mainClass.getName());
    }

    /** A chapter's server, as its main starts it, with the JVM flags the chapter needs. */
    public static Launch of(Chapter chapter) {
        return new Launch(chapter.mainClass()).jvm(chapter.jvmFlags());
    }

    /** The main class named so. */
    public static Launch of(String mainClass) {
        return new Launch(mainClass);
    }

    private static ChildServer start(List<String> prefix, List<String> jvmArgs, String mainClass,
                                     List<String> args, boolean measured) throws IOException {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(args);
        List<String> cmd = command(prefix, jvmArgs, mainClass, all, !measured);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> early = java.util.Collections.synchronizedList(new ArrayList<>()); // all it prints
        Thread.ofVirtual().name("child-output").start(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    early.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new IOException("server exited before listening: " + early));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        });
        try {
            return new ChildServer(p, port.get(Probes.DEADLINE.toSeconds(), TimeUnit.SECONDS), early);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("could not start " + cmd + ": " + e.getMessage() + " output: " + early, e);
        }
    }

    /**
     * The command that runs {@code mainClass} with this JVM's class path and, if this JVM is being
     * measured by JaCoCo, the same agent, so the child's coverage counts too.
     */
    static List<String> command(List<String> prefix, List<String> jvmArgs, String mainClass, List<String> args,
                                boolean coverage) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx128m");
        cmd.add("-Dio.models.log=WARNING");
        if (coverage) {
            cmd.addAll(coverageAgent());
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The JaCoCo agent this JVM runs with, if it is being measured: a test that starts a JVM of
     * its own by hand adds it, so what that JVM runs counts too. Empty otherwise.
     */
    public static List<String> coverageAgent() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-javaagent:") && arg.contains("jacoco")).toList();
    }

    /** What a main printed and its exit code, for a run that ends by itself (a bad flag, say). */
    public record Run(int exitCode, List<String> lines) {
    }

    private static Run run(List<String> cmd, String what) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                return r.lines().toList();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            // Its own thread, not the common pool: there, under parallel test classes on 2 cores (a pool of
            // one), another test's blocking task kept this reader from starting for 30 s (ScoreTest, in CI).
        }, task -> Thread.ofPlatform().daemon().name("child-run-output").start(task));
        if (!p.waitFor(Probes.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + " did not end within " + Probes.DEADLINE);
        }
        return new Run(p.exitValue(), lines.get(Probes.DEADLINE.toSeconds(), TimeUnit.SECONDS));
    }

    /** True if {@code prlimit} (util-linux) is on this machine. */
    public static boolean prlimitAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/prlimit")) || Files.isExecutable(Path.of("/bin/prlimit"));
    }

    public int port() {
        return port;
    }

    /** Every line the process has printed so far (stdout and stderr). */
    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process as /proc shows it. */
    public Proc proc() {
        return Proc.of(pid());
    }

    /** CPU time (user + system) the process has used, in clock ticks ({@link Proc#TICKS_PER_SECOND}). */
    public long cpuTicks() throws IOException {
        return proc().cpuTicks();
    }

    /**
     * {@link #cpuTicks()} without the JIT's compiler threads ({@code C1 CompilerThread0}, ...): what
     * the server's own code and the JVM's housekeeping used. A JVM a few seconds old still compiles
     * its hot loops, which on a loaded machine alone took 3-4% of a core over a 2 s window.
     */
    public long cpuTicksWithoutTheJit() throws IOException {
        return proc().cpuTicksWithout(name -> name.matches("C[12] CompilerThre.*"));
    }

    /** Open file descriptors of the process. */
    public long openFds() throws IOException {
        return proc().fds();
    }

    /** SIGTERM, as Ctrl-C would; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Probes.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server did not stop within " + Probes.DEADLINE + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
