package io.models.bench;

import io.models.bench.load.LoadGen;
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
import io.models.common.cli.Cli;
import io.models.common.linux.Proc;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar bench/target/bench.jar [--quick] [--models 04,06,c] [--connections 1,100]}:
 * runs every chapter's server as its own process under the same load, and writes
 * {@code bench/results/<name>.md} and its charts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, subcommands = {LabCommand.class, SoakCommand.class},
        description = {"Runs every model's server as its own process under the same loads and writes "
                + "bench/results/<name>.md and PNG charts beside it.",
                "Default sweep: about 19 minutes on 2 cores; --quick: under a minute.",
                "bench lab: a local page to watch each model live under load (bench lab --help).",
                "bench soak: one model under a mix of load for 30 minutes, and what grew (bench soak --help)."})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SweepFlags flags;

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
        flags.check();
        RunningServer server = flags.runningServer();
        Path repo = flags.root.repository(server == null);
        Catalog catalog = repo != null ? Catalog.builtIn(repo) : Catalog.none();
        Set<String> mods = flags.modules(catalog);
        if (mods != null && !built(repo, catalog, mods)) {
            return Cli.FAILED; // a model asked for by name has no points to check the other flags against
        }
        Placement placement = Placement.detect();
        if (flags.noPin || server != null) {
            placement = Placement.shared(placement.all(), flags.noPin ? "--no-pin" : "--target: the bench did not start the server");
        }
        List<Step> steps = flags.steps(catalog, mods, placement.pinned());
        Runner.Timing timing = Runner.Timing.of(flags.quick, flags.warmupMs, flags.windowMs);
        boolean needC = steps.stream().anyMatch(s -> s.subject().isC());
        CReference c = needC ? CReference.build(repo) : CReference.absent("not asked for (--models)");
        boolean needCGen = steps.stream().anyMatch(s -> s.generator() == Step.Generator.C);
        CLoadGen cGen = needCGen && !flags.list ? CLoadGen.build(repo) : CLoadGen.absent("not asked for");
        Runner.Env env = new Runner.Env(repo, ServerProcess.javaBinary(),
                ServerProcess.jvmFlags(flags.heap != null ? flags.heap : ServerProcess.DEFAULT_HEAP), c, flags.clientThreads,
                timing, server, placement, cGen);
        String resultName = flags.resultName(server != null);
        Path dir = flags.resultsDir(repo);

        if (flags.list) {
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
        flags.writable(dir);
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
            outcome = Bench.run(steps, catalog.subjects(), env, dir, resultName, commandLine(), stdout, terminal, !flags.noCharts);
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

    private String commandLine() {
        List<String> parts = new ArrayList<>(List.of("java", "-jar", "bench/target/bench.jar"));
        parts.addAll(spec.commandLine().getParseResult().originalArgs());
        return String.join(" ", parts);
    }
}
