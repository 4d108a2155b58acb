package io.models.bench;

import io.models.common.cli.Cli;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar bench/target/bench.jar [--quick] [--models 04,06,c] [--connections 1,100]}:
 * runs every chapter's server as its own process under the same load, and writes
 * {@code bench/results/<name>.md} and its charts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, subcommands = Lab.class,
        description = {"Runs every model's server as its own process under the same loads and writes "
                + "bench/results/<name>.md and PNG charts beside it.",
                "Default sweep: about 13 minutes on 2 cores; --quick: under a minute.",
                "bench lab: a local page to watch each model live under load (bench lab --help)."})
public final class Main implements Callable<Integer> {

    /** The same for every server JVM: a fixed heap, the log quiet. */
    static final String DEFAULT_HEAP = "64m";
    private static final int MAX_MS = 600_000;
    private static final long MIN_HEAP = 2 << 20;

    static List<String> jvmFlags(String heap) {
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseSerialGC", "-Dio.models.log=WARNING");
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "The short sweep: ping-pong 64 B at 100 connections (01-blocking "
            + "at 1), a stream at 1, 1000 idle; short windows, one run each. Results named 'quick' unless --name says otherwise.")
    boolean quick;

    @Option(names = "--models", paramLabel = "LIST", split = ",",
            description = "Only these models: 01-blocking ... 09-netty (or their numbers: 01 ... 09; 09 is its three transports), c for the C reference.")
    List<String> models;

    @Option(names = "--connections", paramLabel = "LIST", split = ",",
            description = "Only the points at these connection counts (ping-pong and stream: 1, 10, 100, 1000; "
                    + "idle beside 100 active: 1000, 5000; idle: 1000; hold: 10000).")
    List<Integer> connections;

    @Option(names = "--shapes", paramLabel = "LIST", split = ",",
            description = "Only these load shapes: " + Shape.FLAGS + ".")
    List<String> shapes;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Results file name, without .md (default: latest, or quick with --quick).")
    String name;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the results go (default: bench/results).")
    Path out;

    @Option(names = "--root", paramLabel = "DIR",
            description = "The repository, whose <module>/target/<module>.jar are run (default: found from the bench's own location).")
    Path root;

    @Option(names = "--heap", paramLabel = "SIZE", description = "Every server JVM's fixed heap, as java's -Xmx takes it "
            + "(default: 64m).")
    String heap;

    @Option(names = "--target", paramLabel = "HOST:PORT", description = "Measure the server running at HOST:PORT "
            + "(any language) instead of the chapters, with the same loads; the bench neither starts nor stops it. "
            + "Results named 'target' unless --name says otherwise.")
    String target;

    @Option(names = "--pid", paramLabel = "PID", description = "With --target: the server's process id, so that its CPU, "
            + "threads and RSS are read from /proc (without it they say 'not measured').")
    Long pid;

    @Option(names = "--client-threads", paramLabel = "N", description = "Load generator threads, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int clientThreads = 2;

    @Option(names = "--warmup-ms", paramLabel = "MS", description = "Unmeasured load before each window (default: 1000, --quick 300).")
    Integer warmupMs;

    @Option(names = "--window-ms", paramLabel = "MS", description = "Each measured window (default: 2000, idle 3000; --quick 600, idle 1000).")
    Integer windowMs;

    @Option(names = "--no-charts", description = "Write the results without the PNG charts.")
    boolean noCharts;

    @Option(names = "--list", description = "Print the points and the time they would take, and run nothing.")
    boolean list;

    private final PrintStream stdout;
    private final boolean terminal;

    public Main() {
        this(System.out, Progress.isTerminal());
    }

    Main(PrintStream stdout, boolean terminal) {
        this.stdout = stdout;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Main(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        checkFlags();
        RunningServer server = runningServer();
        List<Step> steps = steps();
        Path repo = repository(server == null);
        Runner.Timing timing = timing();
        boolean needC = steps.stream().anyMatch(s -> s.subject().isC());
        CReference c = needC ? CReference.build(repo) : CReference.absent("not asked for (--models)");
        Runner.Env env = new Runner.Env(repo, javaBinary(), jvmFlags(heap != null ? heap : DEFAULT_HEAP), c, clientThreads,
                timing, server);
        String resultName = name != null ? name : server != null ? "target" : quick ? "quick" : "latest";
        Path dir = out != null ? out : repo != null ? repo.resolve("bench").resolve("results") : Path.of("").toAbsolutePath();

        if (list) {
            Runner runner = new Runner(env);
            for (Step s : steps) {
                stdout.printf("%-36s %s%n", s.subject().name(), s.label());
            }
            stdout.printf("%d points, about %s (m:ss)%n", steps.size(),
                    Progress.clock(steps.stream().mapToDouble(runner::estimateSeconds).sum()));
            return 0;
        }
        writable(dir);
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (server != null) {
                server.probe(Duration.ofSeconds(3));
            } else {
                Repository.checkJars(repo, steps);
            }
        } catch (IOException e) {
            err.println("bench: " + e.getMessage());
            return Cli.FAILED;
        }
        if (!Proc.available()) {
            stdout.println("bench: no /proc here: server CPU, threads and RSS need Linux; they will read as missing");
        }
        Bench.Outcome outcome;
        try {
            outcome = Bench.run(steps, env, dir, resultName, commandLine(), stdout, terminal, !noCharts);
        } catch (LoadGen.MismatchException e) {
            err.println();
            err.println("bench: FAILED: a reply was not the upper-cased request: " + e.getMessage());
            err.println("bench: no results written: a server that answers wrongly has no throughput");
            return Cli.FAILED;
        } catch (IOException e) {
            err.println("bench: cannot write the results to " + dir + ": " + e.getMessage());
            return Cli.FAILED;
        }
        summary(outcome);
        return 0;
    }

    private void summary(Bench.Outcome outcome) {
        stdout.printf("bench: done in %s (m:ss): %s%n", Progress.clock(outcome.elapsedSeconds()), outcome.report());
        for (Charts.Chart c : outcome.charts()) {
            stdout.printf("       chart: %s%n", outcome.report().resolveSibling(c.file()));
        }
        for (Targets.Check check : Targets.check(outcome.results())) {
            if (check.met() != null || check.reportOnly()) {
                stdout.printf("  %-7s %s: %s%n", check.reportOnly() ? "ratio" : check.met() ? "met" : "MISSED",
                        check.target(), check.measured().replace("**", ""));
            }
        }
        long bad = outcome.results().stream().filter(r -> r.ran() && r.errors() > 0).count();
        if (bad > 0) {
            stdout.printf("bench: %d point(s) had errors: see the notes under the tables in %s%n", bad, outcome.report());
        }
    }

    /** The points the flags ask for; a value no point has is a bad flag. */
    List<Step> steps() {
        Set<String> mods = null;
        if (models != null) {
            mods = new LinkedHashSet<>();
            for (String m : models) {
                try {
                    mods.add(Subject.module(m));
                } catch (IllegalArgumentException e) {
                    throw bad(e.getMessage());
                }
            }
        }
        Set<String> sh = null;
        if (shapes != null) {
            sh = new LinkedHashSet<>();
            for (String s : shapes) {
                String flag = s.trim().toLowerCase(Locale.ROOT);
                if (!Shape.isFlag(s)) {
                    throw bad("'" + s + "' is not a shape; one of " + Shape.FLAGS);
                }
                if (target != null && flag.equals(Shape.POOL.flag)) {
                    throw bad("--shapes pool is 02-threadpool's own (its --pool 8); with --target: " + TargetSweep.FLAGS);
                }
                if (target != null && flag.equals(Shape.HEAVY.flag)) {
                    throw bad("--shapes heavy is 08-reactors' own (its --work-us); with --target: " + TargetSweep.FLAGS);
                }
                sh.add(flag);
            }
        }
        Set<Integer> conns = connections == null ? null : new LinkedHashSet<>(connections);
        List<Step> all = sweep(mods, null, sh);
        if (conns != null) {
            Set<Integer> counts = new TreeSet<>();
            all.stream().filter(s -> s.shape() != Shape.MIXED || s.load().idle() > 0) // the 0 baseline is not a choice
                    .forEach(s -> counts.add(s.shape() == Shape.MIXED ? s.load().idle() : s.connections()));
            for (int n : conns) {
                if (!counts.contains(n)) {
                    throw bad("--connections " + n + ": no point " + (mods != null || sh != null ? "of these --models and --shapes " : "")
                            + "has that count; they have " + counts.stream().map(String::valueOf).collect(Collectors.joining(", ")));
                }
            }
        }
        List<Step> steps = sweep(mods, conns, sh);
        if (steps.isEmpty()) {
            throw bad("no point matches --models, --connections and --shapes together");
        }
        return steps;
    }

    private List<Step> sweep(Set<String> mods, Set<Integer> conns, Set<String> sh) {
        return target != null ? new TargetSweep(Subject.target(target.trim()), quick, conns, sh).steps()
                : new Sweep(quick, mods, conns, sh).steps();
    }

    /** Every flag's value on its own, and the flags that do not go together. */
    private void checkFlags() {
        for (var list : java.util.Arrays.asList(models, shapes, connections)) {
            if (list != null && list.isEmpty()) {
                throw bad("--models, --shapes and --connections each take a list such as 04,06; an empty one selects nothing");
            }
        }
        if (clientThreads < 1 || clientThreads > 2) {
            throw bad("--client-threads is 1 or 2, not " + clientThreads);
        }
        if (warmupMs != null && (warmupMs < 0 || warmupMs > MAX_MS)) {
            throw bad("--warmup-ms is 0 to " + MAX_MS + " (10 minutes), not " + warmupMs);
        }
        if (windowMs != null && (windowMs < 100 || windowMs > MAX_MS)) {
            throw bad("--window-ms is 100 to " + MAX_MS + " (10 minutes), not " + windowMs);
        }
        if (heap != null) {
            checkHeap(heap);
        }
        if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw bad("--name '" + name + "' is not a plain file name (letters, digits, '.', '_', '-'; no folder: that is --out)");
        }
        if (pid != null && target == null) {
            throw bad("--pid goes with --target: it is the process id of the server at HOST:PORT");
        }
        if (target != null && models != null) {
            throw bad("--target measures the server at " + target + ", --models picks chapters: one or the other");
        }
        if (target != null && heap != null) {
            throw bad("--heap is the chapters' JVM heap; the bench does not start the server at --target " + target);
        }
    }

    /** {@code 64m}, {@code 512M}, {@code 1g}: what -Xmx takes, at least what a JVM starts with, at most this machine's memory. */
    private void checkHeap(String size) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,12})([kKmMgGtT]?)").matcher(size);
        if (!m.matches()) {
            throw bad("--heap '" + size + "' is not a size such as 64m, 512m or 1g");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = Long.parseLong(m.group(1)) * Math.pow(2, shift);
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        if (bytes < MIN_HEAP) {
            throw bad("--heap " + size + " is too small: a JVM does not start with less than 2m");
        }
        if (bytes > memory) {
            throw bad("--heap " + size + " is more than this machine's memory (" + (memory >> 20) + " MiB)");
        }
    }

    /** The server at --target, or null. */
    private RunningServer runningServer() {
        if (target == null) {
            return null;
        }
        try {
            return RunningServer.of(target, pid);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /**
     * The repository: --root, or found. The chapters need it (their jars are in it); a --target only
     * for where the results go, so without it they go to the working directory.
     */
    private Path repository(boolean needed) {
        if (root != null) {
            Path r = root.toAbsolutePath().normalize();
            if (!Repository.is(r)) {
                throw bad("--root " + root + " is not the repository (no common/ and bench/pom.xml there)");
            }
            return r;
        }
        try {
            return Repository.find();
        } catch (IllegalStateException e) {
            if (needed) {
                throw bad(e.getMessage());
            }
            return null;
        }
    }

    /** The results folder exists and takes files, before minutes of measuring. */
    private void writable(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | UnsupportedOperationException e) {
            String reason = e instanceof java.nio.file.FileSystemException f ? f.getReason() : null;
            throw bad("--out " + dir + ": cannot create that folder" + (reason != null ? " (" + reason + ")" : ""));
        }
        if (!Files.isWritable(dir)) {
            throw bad("--out " + dir + ": cannot write there");
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private Runner.Timing timing() {
        Runner.Timing base = quick ? Runner.Timing.QUICK : Runner.Timing.DEFAULT;
        Duration warm = warmupMs != null ? Duration.ofMillis(warmupMs) : base.warmup();
        Duration win = windowMs != null ? Duration.ofMillis(windowMs) : base.window();
        Duration settle = warmupMs != null ? warm : base.idleSettle();
        Duration idleWin = windowMs != null ? win : base.idleWindow();
        return new Runner.Timing(warm, win, settle, idleWin);
    }

    private String commandLine() {
        List<String> parts = new ArrayList<>(List.of("java", "-jar", "bench/target/bench.jar"));
        parts.addAll(spec.commandLine().getParseResult().originalArgs());
        return String.join(" ", parts);
    }

    /** The java running the bench runs every server too. */
    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
