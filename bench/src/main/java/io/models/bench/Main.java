package io.models.bench;

import io.models.common.cli.Cli;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
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
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs every model's server as its own process under the same loads and writes "
                + "bench/results/<name>.md and PNG charts beside it.",
                "Default sweep: about 11 minutes on 2 cores; --quick: under a minute."})
public final class Main implements Callable<Integer> {

    /** The same for every server JVM: a fixed heap, the log quiet. */
    static List<String> jvmFlags(String heap) {
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseSerialGC", "-Dio.models.log=WARNING");
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "The short sweep: ping-pong 64 B at 100 connections (01-blocking "
            + "at 1), a stream at 1, 1000 idle; short windows, one run each. Results named 'quick' unless --name says otherwise.")
    boolean quick;

    @Option(names = "--models", paramLabel = "LIST", split = ",",
            description = "Only these models: 01-blocking ... 06-selectors, 09-netty (its three transports) (or their numbers: 01 ... 09), c for the C reference.")
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

    @Option(names = "--heap", paramLabel = "SIZE", description = "Every server JVM's fixed heap (default: ${DEFAULT-VALUE}).")
    String heap = "64m";

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
    public Integer call() throws IOException, InterruptedException {
        Sweep sweep = sweep();
        List<Step> steps = sweep.steps();
        if (steps.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no point matches --models, --connections and --shapes together");
        }
        if (clientThreads < 1 || clientThreads > 2) {
            throw new ParameterException(spec.commandLine(), "--client-threads is 1 or 2");
        }
        Path repo = root != null ? root.toAbsolutePath().normalize() : findRoot();
        Runner.Timing timing = timing();
        boolean needC = steps.stream().anyMatch(s -> s.subject().isC());
        CReference c = needC ? CReference.build(repo) : CReference.absent("not asked for (--models)");
        Runner.Env env = new Runner.Env(repo, javaBinary(), jvmFlags(heap), c, clientThreads, timing);
        String resultName = name != null ? name : quick ? "quick" : "latest";
        Path dir = out != null ? out : repo.resolve("bench").resolve("results");

        if (list) {
            Runner runner = new Runner(env);
            for (Step s : steps) {
                stdout.printf("%-36s %s%n", s.subject().name(), s.label());
            }
            stdout.printf("%d points, about %s (m:ss)%n", steps.size(),
                    Progress.clock(steps.stream().mapToDouble(runner::estimateSeconds).sum()));
            return 0;
        }
        if (!Proc.available()) {
            stdout.println("bench: no /proc here: server CPU, threads and RSS need Linux; they will read as missing");
        }
        Bench.Outcome outcome;
        try {
            outcome = Bench.run(steps, env, dir, resultName, commandLine(), stdout, terminal, !noCharts);
        } catch (LoadGen.MismatchException e) {
            System.err.println();
            System.err.println("bench: FAILED: a reply was not the upper-cased request: " + e.getMessage());
            System.err.println("bench: no results written: a server that answers wrongly has no throughput");
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

    Sweep sweep() {
        Set<String> mods = null;
        if (models != null) {
            mods = new LinkedHashSet<>();
            for (String m : models) {
                try {
                    mods.add(Subject.module(m));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
            }
        }
        Set<String> sh = null;
        if (shapes != null) {
            sh = new LinkedHashSet<>();
            for (String s : shapes) {
                if (!Shape.isFlag(s)) {
                    throw new ParameterException(spec.commandLine(), "'" + s + "' is not a shape; one of " + Shape.FLAGS);
                }
                sh.add(s.trim().toLowerCase(Locale.ROOT));
            }
        }
        Set<Integer> conns = connections == null ? null : new LinkedHashSet<>(connections);
        return new Sweep(quick, mods, conns, sh);
    }

    private Runner.Timing timing() {
        Runner.Timing base = quick ? Runner.Timing.QUICK : Runner.Timing.DEFAULT;
        Duration warm = warmupMs != null ? Duration.ofMillis(Math.max(0, warmupMs)) : base.warmup();
        Duration win = windowMs != null ? Duration.ofMillis(Math.max(100, windowMs)) : base.window();
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

    /**
     * The repository root: walks up from where the bench's classes are (bench/target/bench.jar or
     * bench/target/classes) to the folder that holds common/ and bench/; then the working directory.
     */
    static Path findRoot() {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // fall back on the working directory
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("common")) && Files.isRegularFile(p.resolve("bench").resolve("pom.xml"))) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("cannot find the repository (a folder with common/ and bench/pom.xml) above "
                + starts + ": run from the repository, or say --root DIR");
    }
}
