package io.models.bench;

import io.models.bench.load.LoadGen;
import io.models.bench.load.Shape;
import io.models.bench.server.CLoadGen;
import io.models.bench.server.CReference;
import io.models.bench.server.Catalog;
import io.models.bench.server.Placement;
import io.models.bench.server.Repository;
import io.models.bench.server.RunningServer;
import io.models.bench.server.ServerProcess;
import io.models.bench.soak.SoakCommand;
import io.models.bench.sweep.Progress;
import io.models.bench.sweep.Runner;
import io.models.bench.sweep.Step;
import io.models.common.chapter.ReadSize;
import io.models.common.cli.Cli;
import io.models.common.linux.Proc;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar bench/target/bench.jar [--quick] [--models 04,06,c] [--connections 1,100]}:
 * runs every chapter's server as its own process under the same load, and writes
 * {@code bench/results/<name>.md} and its charts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, subcommands = {LabCommand.class, SoakCommand.class},
        description = {"Runs every model's server as its own process under the same loads and writes "
                + "bench/results/<name>.md and PNG charts beside it.",
                "Default sweep: about 13 minutes on 2 cores; --quick: under a minute.",
                "bench lab: a local page to watch each model live under load (bench lab --help).",
                "bench soak: one model under a mix of load for 30 minutes, and what grew (bench soak --help)."})
public final class Main implements Callable<Integer> {

    private static final int MAX_MS = 600_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "The short sweep: ping-pong 64 B at 100 connections (a model that serves "
            + "one at a time at 1), a stream at 1, 1000 idle; the variants their chapters mark quick, short windows, one run each. "
            + "Results named 'quick' unless --name says otherwise.")
    boolean quick;

    @Option(names = "--models", paramLabel = "LIST", split = ",", completionCandidates = ModelNames.class,
            description = "Only these models: ${COMPLETION-CANDIDATES} (or their numbers, e.g. 06; each with every variant "
                    + "its chapter declares), c for the C reference.")
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

    @Mixin
    RootFlag root;

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

    @Option(names = "--read-kib", paramLabel = "KIB", description = "The read size of every model whose flag sets it "
            + "(the event-loop chapters' --read-kib, and the C reference), from 1 to " + ReadSize.MAX_KIB
            + " (default: their own, " + ReadSize.DEFAULT_KIB + ").")
    Integer readKib;

    @Option(names = "--no-pin", description = "Run every row with the server and the load generator sharing every core "
            + "(by default, on two cores or more, they run on disjoint ones).")
    boolean noPin;

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
        Path repo = root.repository(server == null);
        Catalog catalog = repo != null ? Catalog.builtIn(repo) : Catalog.none();
        Set<String> mods = modules(catalog);
        if (mods != null && !built(repo, catalog, mods)) {
            return Cli.FAILED; // a model asked for by name has no points to check the other flags against
        }
        Placement placement = Placement.detect();
        if (noPin || server != null) {
            placement = Placement.shared(placement.all(), noPin ? "--no-pin" : "--target: the bench did not start the server");
        }
        List<Step> steps = steps(catalog, mods, placement.pinned());
        Runner.Timing timing = Runner.Timing.of(quick, warmupMs, windowMs);
        boolean needC = steps.stream().anyMatch(s -> s.subject().isC());
        CReference c = needC ? CReference.build(repo) : CReference.absent("not asked for (--models)");
        boolean needCGen = steps.stream().anyMatch(s -> s.generator() == Step.Generator.C);
        CLoadGen cGen = needCGen && !list ? CLoadGen.build(repo) : CLoadGen.absent("not asked for");
        Runner.Env env = new Runner.Env(repo, ServerProcess.javaBinary(),
                ServerProcess.jvmFlags(heap != null ? heap : ServerProcess.DEFAULT_HEAP), c, clientThreads, timing, server,
                placement, cGen);
        String resultName = name != null ? name : server != null ? "target" : quick ? "quick" : "latest";
        Path dir = out != null ? out : repo != null ? repo.resolve("bench").resolve("results") : Path.of("").toAbsolutePath();

        if (list) {
            if (server == null && !built(repo, catalog, mods)) {
                return Cli.FAILED;
            }
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
            }
        } catch (IOException e) {
            err.println("bench: " + e.getMessage());
            return Cli.FAILED;
        }
        if (server == null && !built(repo, catalog, mods)) {
            return Cli.FAILED;
        }
        if (!Proc.available()) {
            stdout.println("bench: no /proc here: server CPU, threads and RSS need Linux; they will read as missing");
        }
        Bench.Outcome outcome;
        try {
            outcome = Bench.run(steps, catalog.subjects(), env, dir, resultName, commandLine(), stdout, terminal, !noCharts);
        } catch (LoadGen.MismatchException e) {
            err.println();
            err.println("bench: FAILED: a reply was not the upper-cased request: " + e.getMessage());
            err.println("bench: no results written: a server that answers wrongly has no throughput");
            return Cli.FAILED;
        } catch (IOException e) {
            err.println("bench: cannot write the results to " + dir + ": " + e.getMessage());
            return Cli.FAILED;
        }
        Bench.summary(stdout, outcome, catalog.subjects());
        return 0;
    }

    /** Every chapter asked for (all, without {@code --models}) is built; if not, says which, and how to build them. */
    private boolean built(Path repo, Catalog catalog, Set<String> mods) {
        try {
            Repository.checkBuilt(repo, catalog, mods != null ? List.copyOf(mods) : catalog.modules());
            return true;
        } catch (IOException e) {
            spec.commandLine().getErr().println("bench: " + e.getMessage());
            return false;
        }
    }

    /** {@code --models} resolved to modules, or null for all. */
    private Set<String> modules(Catalog catalog) {
        try {
            return Points.modules(catalog, models);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /** The points the flags ask for; a value no point has is a bad flag. */
    List<Step> steps(Catalog catalog, Set<String> mods) {
        return steps(catalog, mods, false);
    }

    List<Step> steps(Catalog catalog, Set<String> mods, boolean pinned) {
        try {
            return new Points(catalog, quick, mods, connections, shapes, target, pinned, readKib).steps();
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
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
        if (readKib != null && (readKib < 1 || readKib > ReadSize.MAX_KIB)) {
            throw bad("--read-kib is 1 to " + ReadSize.MAX_KIB + " (KiB), not " + readKib);
        }
        if (readKib != null && target != null) {
            throw bad("--read-kib sets the read size of the servers the bench starts; it does not start the one at --target " + target);
        }
        if (heap != null) {
            try {
                ServerProcess.checkHeap(heap);
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
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

    private String commandLine() {
        List<String> parts = new ArrayList<>(List.of("java", "-jar", "bench/target/bench.jar"));
        parts.addAll(spec.commandLine().getParseResult().originalArgs());
        return String.join(" ", parts);
    }
}
