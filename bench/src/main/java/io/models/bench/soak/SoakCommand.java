package io.models.bench.soak;

import io.models.bench.RootFlag;
import io.models.bench.server.Catalog;
import io.models.bench.server.Machine;
import io.models.bench.server.Repository;
import io.models.bench.server.DiesWithTheBench;
import io.models.bench.server.ServerProcess;
import io.models.bench.server.Subject;
import io.models.bench.sweep.Progress;
import io.models.common.cli.Cli;
import io.models.common.linux.Proc;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar bench/target/bench.jar soak --model 06 [--minutes 30]}: one model's server, in
 * its own process as in the benchmark, under the whole {@link Mix} at once for N minutes, read from
 * outside every 10 s; then {@code bench/results/soak-<model>.md}, {@code .csv} and {@code .png}.
 * Exit code 0 for no drift and every byte checked, 1 for drift, a wrong or missing byte or a server
 * that failed, 2 for a bad command line.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs one model's server under a mix of load for N minutes (ping-pong, idle connections, a stream, "
                + "clients that connect and reset, a client that stops reading for 30 s then drains), every byte checked, "
                + "and reads its open descriptors, threads, RSS and heap after GC every 10 s.",
                "Writes bench/results/soak-<model>.md, .csv and .png: what grew after the first minute, and by how much. "
                        + "Exit code 1 for drift or a wrong or missing byte."})
public final class SoakCommand implements Callable<Integer> {

    static final int MIN_MINUTES = 2;
    static final int MAX_MINUTES = 1440;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL", arity = "1..*", required = true,
            description = "The model: its module or number (06, 06-selectors), then, if its chapter has several, a row of the "
                    + "benchmark's words (09 epoll, 09 io_uring) or the chapter's own flags in quotes (\"02 --pool 8\"). "
                    + "Without them, the chapter's defaults (09: the best transport here).")
    List<String> model;

    @Option(names = "--minutes", paramLabel = "N", description = "How long, from " + MIN_MINUTES + " to " + MAX_MINUTES
            + " (default: ${DEFAULT-VALUE}); the first minute is the level drift is measured from.")
    int minutes = 30;

    @Option(names = "--heap", paramLabel = "SIZE", description = "The server JVM's fixed heap, as java's -Xmx takes it "
            + "(default: " + ServerProcess.DEFAULT_HEAP + ", as in the benchmark).")
    String heap = ServerProcess.DEFAULT_HEAP;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the results go (default: bench/results).")
    Path out;

    @Mixin
    RootFlag root;

    private final PrintStream stdout;
    /** The soak's length and sampling: the command's own, or a test's shorter one. */
    private final Soak.Timing timing;
    private final Mix mix;

    public SoakCommand() {
        this(System.out, null, Mix.STANDARD);
    }

    /** A test's: its own output, and a timing and mix of its own (null: the flags'). */
    SoakCommand(PrintStream stdout, Soak.Timing timing, Mix mix) {
        this.stdout = stdout;
        this.timing = timing;
        this.mix = mix;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
            throw bad("--minutes is " + MIN_MINUTES + " to " + MAX_MINUTES + " (a day), not " + minutes
                    + ": the first minute is the level, and the drift is measured after it");
        }
        try {
            ServerProcess.checkHeap(heap);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        Path repo = root.repository(true);
        Catalog catalog = Catalog.builtIn(repo);
        PrintWriter err = spec.commandLine().getErr();
        try {
            Repository.checkBuilt(repo, catalog, List.of(catalog.module(model.get(0).trim().split("\\s+")[0])));
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        } catch (IOException e) {
            err.println("soak: " + e.getMessage());
            return Cli.FAILED;
        }
        Subject subject;
        try {
            subject = SoakModel.resolve(catalog, model);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        Path dir = out != null ? out.toAbsolutePath() : repo.resolve("bench").resolve("results");
        writable(dir);
        if (!Proc.available()) {
            err.println("soak: no /proc here: the server's descriptors, threads and RSS are read from /proc (Linux)");
            return Cli.FAILED;
        }
        Soak.Timing time = timing != null ? timing : Soak.Timing.minutes(minutes);
        List<String> command = subject.command(repo, ServerProcess.javaBinary(), ServerProcess.jvmFlags(heap), null);
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String loadBefore = Machine.loadAverage();
        long t0 = System.nanoTime();
        ServerProcess server;
        try {
            // This thread runs the whole soak and closes the server at its end: the server dies with
            // it even if this JVM is killed outright (SIGKILL, which no shutdown hook sees).
            server = ServerProcess.start(subject.name(), DiesWithTheBench.command(command), Duration.ofSeconds(30));
        } catch (IOException e) {
            err.println("soak: " + subject.name() + " did not start: " + e.getMessage());
            return Cli.FAILED;
        }
        chartsWithoutCacheFiles();
        Soak soak = new Soak(server, mix, time, Path.of(System.getProperty("java.home")), new SoakProgress(stdout, time));
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().name("soak-stop").unstarted(() -> {
            stdout.println("soak: stopping, and the server with it");
            soak.stop();
            try {
                done.await(90, TimeUnit.SECONDS); // the clients end, the slow reader reads back, the report is written
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stdout.printf("soak: %s for %s (m:ss) under %s; results go to %s%n", subject.name(),
                    Progress.clock(time.length().toSeconds()), mix.describe(), dir.resolve(SoakReport.baseName(subject.name()) + ".md"));
            stdout.flush();
            Soak.Result result = soak.run();
            server.close();
            SoakReport report = new SoakReport(subject.name(), commandLine(), command, started, (System.nanoTime() - t0) / 1e9,
                    Machine.describe(), Machine.revision(repo), loadBefore, Machine.loadAverage(), minutes, mix, time, result);
            SoakReport.Written written;
            try {
                written = report.write(dir);
            } catch (IOException e) {
                err.println("soak: cannot write the results to " + dir + ": " + e.getMessage());
                return Cli.FAILED;
            }
            stdout.println("soak: " + subject.name() + ": " + report.verdict());
            stdout.println("      " + written.markdown());
            if (written.chart() != null) {
                stdout.println("      " + written.chart());
            }
            if (written.chartNote() != null) {
                stdout.println("soak: " + written.chartNote());
            }
            return report.passed() ? 0 : Cli.FAILED;
        } finally {
            server.close();
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it ends the server itself
            }
        }
    }

    /**
     * ImageIO writes a PNG through a cache file by default, and closes it with a shutdown hook of its
     * own, which it cannot register once the JVM is shutting down: the chart of a soak stopped with
     * Ctrl-C is drawn then. Held in memory instead, it needs none.
     */
    private static void chartsWithoutCacheFiles() {
        javax.imageio.ImageIO.setUseCache(false);
    }

    /** The results folder exists and takes files, before minutes of soaking. */
    private void writable(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | UnsupportedOperationException e) {
            throw bad("--out " + dir + ": cannot create that folder");
        }
        if (!Files.isWritable(dir)) {
            throw bad("--out " + dir + ": cannot write there");
        }
    }

    private String commandLine() {
        List<String> parts = new ArrayList<>(List.of("java", "-jar", "bench/target/bench.jar"));
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        if (args.isEmpty() || !args.get(0).equals("soak")) {
            parts.add("soak"); // run as a command of its own (a test's)
        }
        for (String a : args) {
            parts.add(a.contains(" ") ? "\"" + a + "\"" : a);
        }
        return String.join(" ", parts);
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
