package io.models.bench.sweep;

import io.models.bench.load.Load;
import io.models.bench.load.LoadGen;
import io.models.bench.load.Shape;
import io.models.bench.server.CLoadGen;
import io.models.bench.server.CReference;
import io.models.bench.server.MeasuredServer;
import io.models.bench.server.Placement;
import io.models.bench.server.RunningServer;
import io.models.bench.server.ServerProcess;
import io.models.bench.server.Subject;
import io.models.common.linux.Proc;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs one point: start the server's process, connect, warm up, measure, stop it. */
public final class Runner {

    /**
     * How long each point runs.
     *
     * @param warmup     load before the window, not measured (JIT, connection setup settling)
     * @param window     the measured window
     * @param idleSettle idle shape: after the last idle connection was answered, before measuring
     * @param idleWindow idle shape: the window over which the server's CPU is taken
     */
    public record Timing(Duration warmup, Duration window, Duration idleSettle, Duration idleWindow) {
        public static final Timing DEFAULT = new Timing(Duration.ofMillis(1000), Duration.ofMillis(2000),
                Duration.ofMillis(1000), Duration.ofMillis(3000));
        public static final Timing QUICK = new Timing(Duration.ofMillis(300), Duration.ofMillis(600),
                Duration.ofMillis(300), Duration.ofMillis(1000));

        /** The default or the quick timing; a warm-up or window given in ms stands for the idle shape's too. */
        public static Timing of(boolean quick, Integer warmupMs, Integer windowMs) {
            Timing base = quick ? QUICK : DEFAULT;
            Duration warm = warmupMs != null ? Duration.ofMillis(warmupMs) : base.warmup();
            Duration win = windowMs != null ? Duration.ofMillis(windowMs) : base.window();
            return new Timing(warm, win, warmupMs != null ? warm : base.idleSettle(), windowMs != null ? win : base.idleWindow());
        }
    }

    /**
     * Where and how the servers run.
     *
     * @param root          the repository (the chapters' jars are under it)
     * @param java          the java that starts every server (the one running the bench)
     * @param jvmFlags      the same for every server JVM: the fixed heap, the log level
     * @param c             the C reference, built or not
     * @param clientThreads the load generator's threads (1 or 2)
     * @param target        the server running already ({@code --target}), or null: then the
     *                      chapters are started, one process per point
     * @param placement     where the server and the load generator run for the main rows (pinned to
     *                      disjoint cores when the machine has two or more)
     * @param cLoadGen      the second load generator, built or not
     */
    public record Env(Path root, Path java, List<String> jvmFlags, CReference c, int clientThreads, Timing timing,
               RunningServer target, Placement placement, CLoadGen cLoadGen) {
        public Env(Path root, Path java, List<String> jvmFlags, CReference c, int clientThreads, Timing timing) {
            this(root, java, jvmFlags, c, clientThreads, timing, null);
        }

        public Env(Path root, Path java, List<String> jvmFlags, CReference c, int clientThreads, Timing timing,
                   RunningServer target) {
            this(root, java, jvmFlags, c, clientThreads, timing, target, Placement.shared(List.of(), "not asked for"),
                    CLoadGen.absent("not asked for"));
        }

        /** The load generator threads of a row: at most one per core the load generator may use. */
        public int threadsFor(Step step) {
            return step.shared() || !placement.pinned() ? clientThreads : Math.min(clientThreads, placement.generatorCores());
        }
    }

    private final Env env;
    /** Where this JVM's threads run now (null: not moved yet). */
    private Boolean placedShared;

    public Runner(Env env) {
        this.env = env;
    }

    /** A guess of a point's duration, for the progress line. */
    public double estimateSeconds(Step step) {
        Timing t = env.timing();
        boolean idle = step.shape() == Shape.IDLE;
        double measure = idle ? seconds(t.idleSettle()) + seconds(t.idleWindow()) : seconds(t.warmup()) + seconds(t.window());
        double start = step.subject().isTarget() ? 0 : step.subject().isC() ? 0.1 : 0.6;
        return start + step.connections() / 4000.0 + measure + 0.2;
    }

    /**
     * Runs one point. A server that cannot start, dies or falls behind is a row with errors and a
     * note; a wrong byte in a reply is not a row: {@link LoadGen.MismatchException} stops the run.
     */
    public Measurement run(Step step, Progress progress) throws InterruptedException {
        Subject subject = step.subject();
        if (subject.isC() && env.c().binary == null) {
            return Measurement.skipped(step, env.c().note);
        }
        if (step.generator() == Step.Generator.C && env.cLoadGen().binary == null) {
            return Measurement.skipped(step, env.cLoadGen().note);
        }
        boolean pinned = !step.shared() && env.placement().pinned() && !subject.isTarget();
        place(pinned);
        List<String> notes = new ArrayList<>();
        MeasuredServer server;
        progress.phase("starting the server");
        try {
            List<String> command = new ArrayList<>();
            if (pinned) {
                command.addAll(env.placement().serverPrefix());
            }
            if (!subject.isTarget()) {
                command.addAll(subject.command(env.root(), env.java(), env.jvmFlags(), env.c().binary));
            }
            server = subject.isTarget() ? env.target() : ServerProcess.start(subject.name(), command, Duration.ofSeconds(30));
        } catch (IOException e) {
            notes.add("the server did not start: " + e.getMessage());
            return Measurement.failed(step, notes);
        }
        boolean idleShape = step.shape() == Shape.IDLE;
        Timing t = env.timing();
        Duration warmup = idleShape ? t.idleSettle() : t.warmup();
        Duration window = idleShape ? t.idleWindow() : t.window();
        int serverCores = pinned ? env.placement().serverCores() : cores();
        if (step.generator() == Step.Generator.C) {
            try (server) {
                return CLoadGenPoint.run(env, step, server, warmup, window, pinned, serverCores, notes);
            }
        }
        int threads = env.threadsFor(step);
        double generatorCores = Math.min(threads, pinned ? env.placement().generatorCores() : cores());
        try (server; LoadGen gen = new LoadGen(server.address(), step.load(), threads)) {
            progress.phase("connecting " + step.connections());
            gen.start();
            Duration readyTimeout = Duration.ofSeconds(10 + step.connections() / 500);
            long readyStart = System.nanoTime();
            if (!gen.awaitReady(readyTimeout, Duration.ofSeconds(3))) {
                notes.add("after %.0f s, %d of %d connections were open%s".formatted(
                        (System.nanoTime() - readyStart) / 1e9, gen.connected(), step.connections(),
                        step.load().touch() ? ", and " + gen.answered() + " answered once" : ""));
            }
            gen.go();
            progress.phase(idleShape ? "settling" : "warm-up");
            waitWatching(gen, server, warmup);

            progress.phase("measuring");
            long pid = server.pid();
            Proc.Sample first = ProcReadings.sample(pid);
            long g0 = ProcReadings.loadThreadTicks();
            long t0 = System.nanoTime();
            gen.startWindow();
            ProcReadings.Peaks peaks = new ProcReadings.Peaks();
            peaks.add(first);
            long end = t0 + window.toNanos();
            while (System.nanoTime() < end) {
                long left = (end - System.nanoTime()) / 1_000_000;
                Thread.sleep(Math.max(1, Math.min(100, left)));
                gen.checkMismatch();
                peaks.add(ProcReadings.sample(pid));
            }
            Proc.Sample last = ProcReadings.sample(pid);
            long g1 = ProcReadings.loadThreadTicks();
            long t1 = System.nanoTime();
            LoadGen.Window w = gen.endWindow();

            double cpu = first != null && last != null ? ProcReadings.seconds(last.cpuTicks() - first.cpuTicks()) : Double.NaN;
            long errors = w.errors();
            if (!server.alive()) {
                errors++;
                notes.add("the server process died" + lastLines(server));
            }
            if (server.outOfMemory()) {
                notes.add("the server ran out of memory (java.lang.OutOfMemoryError in its output)");
            }
            if (!w.errorSamples().isEmpty()) {
                notes.add("first errors: " + String.join("; ", w.errorSamples()));
            }
            boolean latency = step.load().kind() == Load.Kind.PING_PONG && step.load().active() > 0 && w.latency().getTotalCount() > 0;
            return new Measurement(step, null, w.seconds(), w.requests(), w.replyBytes(),
                    latency ? w.latency().getValueAtPercentile(50) : -1,
                    latency ? w.latency().getValueAtPercentile(99) : -1,
                    latency ? w.latency().getValueAtPercentile(99.9) : -1,
                    cpu, (t1 - t0) / 1e9, peaks.threads(), peaks.rssKiB(), errors, w.starved(), notes)
                    .with(new Measurement.Sides(g0 < 0 || g1 < 0 ? Double.NaN : ProcReadings.seconds(g1 - g0), generatorCores,
                            serverCores, !pinned));
        }
    }

    /** Moves this JVM's threads to the load generator's cores, or back to every core, when that changes. */
    private void place(boolean pinned) {
        if (!env.placement().pinned() || (placedShared != null && placedShared == !pinned)) {
            return;
        }
        try {
            (pinned ? env.placement() : Placement.shared(env.placement().all(), null)).applyToThisProcess();
            placedShared = !pinned;
        } catch (IOException e) {
            throw new IllegalStateException("cannot place the load generator: " + e.getMessage(), e);
        }
    }

    /** Every core the machine gives the bench (not this thread's: once pinned, that is the load generator's). */
    private int cores() {
        return env.placement().all().isEmpty() ? Runtime.getRuntime().availableProcessors() : env.placement().all().size();
    }

    /** Sleeps through the warm-up, stopping early if a reply was wrong. */
    private static void waitWatching(LoadGen gen, MeasuredServer server, Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end && server.alive()) {
            gen.checkMismatch();
            Thread.sleep(Math.max(1, Math.min(50, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    /** The server's last three lines of output, as a note ends with them (empty if it printed nothing). */
    static String lastLines(MeasuredServer server) {
        List<String> tail = server.tail();
        if (tail.isEmpty()) {
            return "";
        }
        return "; its last output: " + String.join(" | ", tail.subList(Math.max(0, tail.size() - 3), tail.size()));
    }

    /** A duration in seconds. */
    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
