package io.models.bench;

import io.models.bench.load.Shape;
import io.models.bench.server.Catalog;
import io.models.bench.server.RunningServer;
import io.models.bench.server.ServerProcess;
import io.models.bench.sweep.Step;
import io.models.common.chapter.ReadSize;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The sweep's flags (picocli, mixed into {@link Main}): each checked on its own and against the
 * others, and what they ask for (the points, the server at --target, the results' folder); a bad one
 * is a {@link ParameterException}, exit code 2.
 */
final class SweepFlags {

    private static final int MAX_MS = 600_000;

    @Spec(Spec.Target.MIXEE)
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

    /** Every flag's value on its own, and the flags that do not go together. */
    void check() {
        for (var list : Arrays.asList(models, shapes, connections)) {
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
    RunningServer runningServer() {
        if (target == null) {
            return null;
        }
        try {
            return RunningServer.of(target, pid);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /** {@code --models} resolved to modules, or null for all. */
    Set<String> modules(Catalog catalog) {
        try {
            return Points.modules(catalog, models);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /** The points the flags ask for; a value no point has is a bad flag. */
    List<Step> steps(Catalog catalog, Set<String> mods, boolean pinned) {
        try {
            return new Points(catalog, quick, mods, connections, shapes, target, pinned, readKib).steps();
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /** The results' name: --name, or after the kind of run. */
    String resultName(boolean atTarget) {
        return name != null ? name : atTarget ? "target" : quick ? "quick" : "latest";
    }

    /** Where the results go: --out, or bench/results in the repository (the folder the bench runs in without one). */
    Path resultsDir(Path repo) {
        return out != null ? out : repo != null ? repo.resolve("bench").resolve("results") : Path.of("").toAbsolutePath();
    }

    /** The results folder exists and takes files, before minutes of measuring. */
    void writable(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | UnsupportedOperationException e) {
            String reason = e instanceof FileSystemException f ? f.getReason() : null;
            throw bad("--out " + dir + ": cannot create that folder" + (reason != null ? " (" + reason + ")" : ""));
        }
        if (!Files.isWritable(dir)) {
            throw bad("--out " + dir + ": cannot write there");
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
