package io.models.bench.sweep;

import io.models.bench.load.Load;
import io.models.bench.load.Shape;
import io.models.bench.server.CReference;
import io.models.bench.server.Subject;
import io.models.common.chapter.Trait;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The targets, checked against one run's results: ratios within the same run, each of two
 * named models. This is the one place the bench names models (the rows themselves come from the
 * chapters' descriptors): the picks below, the points they are compared at ({@link #COMPARED}),
 * and what each comparison must show ({@link #check}).
 */
public final class Targets {

    /** A model a target names: a module run with these flags, one of its descriptor's variants. */
    public record Pick(String module, List<String> args) {
        static Pick of(String module, String... args) {
            return new Pick(module, List.of(args));
        }

        boolean is(Subject s) {
            return s.is(module, args);
        }

        String name() {
            return args.isEmpty() ? module : module + " " + String.join(" ", args);
        }
    }

    /** A point a target compares: a pick's row of one shape at one load. */
    public record Point(Shape shape, Pick pick, Load load) {
        boolean is(Step s) {
            return s.shape() == shape && pick.is(s.subject()) && s.load().equals(load);
        }
    }

    static final Pick AIO = Pick.of("05-aio");
    static final Pick SELECTORS = Pick.of("06-selectors");
    static final Pick VIRTUAL_THREADS = Pick.of("07-virtual-threads");
    /** The heavy-handler shape's two: the work on the reactor thread, or on two workers. */
    static final Pick HEAVY_ON_REACTOR = Pick.of("08-reactors", "--workers", "0", "--work-us", "2000");
    static final Pick HEAVY_ON_WORKERS = Pick.of("08-reactors", "--workers", "2", "--work-us", "2000");
    static final Pick NETTY_EPOLL = Pick.of("09-netty", "--transport", "epoll");
    static final Pick NETTY_IO_URING = Pick.of("09-netty", "--transport", "io_uring");
    /** Netty on epoll with one event loop, as 06-selectors has one thread. */
    static final Pick NETTY_ONE_LOOP = Pick.of("09-netty", "--transport", "epoll", "--threads", "1");
    static final Pick C = Pick.of(CReference.MODULE);
    static final Pick C_EDGE = Pick.of(CReference.MODULE, "--edge");

    /** The points the targets compare, as groups run side by side (see {@link Sweep#TRIALS}). */
    static final List<List<Point>> COMPARED = List.of(
            points(Shape.PING_PONG_64, Load.pingPong(100, Sweep.SMALL), AIO, SELECTORS, NETTY_EPOLL, NETTY_ONE_LOOP,
                    NETTY_IO_URING, C, C_EDGE),
            points(Shape.PING_PONG_64, Load.pingPong(1000, Sweep.SMALL), SELECTORS, NETTY_EPOLL, NETTY_IO_URING, C,
                    VIRTUAL_THREADS),
            points(Shape.PING_PONG_4K, Load.pingPong(100, Sweep.LARGE), AIO, SELECTORS),
            points(Shape.STREAM, Load.stream(1, Sweep.CHUNK), SELECTORS, C, C_EDGE),
            points(Shape.STREAM, Load.stream(10, Sweep.CHUNK), SELECTORS, C));

    /**
     * The headline ratios' points: each is measured with both load generators (the C one as well,
     * {@link Step.Generator#C}), and, on a machine where the main rows are pinned, once more not
     * pinned for the second table.
     */
    static final List<List<Point>> HEADLINE = List.of(
            points(Shape.PING_PONG_64, Load.pingPong(100, Sweep.SMALL), SELECTORS, NETTY_ONE_LOOP, C),
            points(Shape.PING_PONG_64, Load.pingPong(1000, Sweep.SMALL), SELECTORS, C),
            points(Shape.STREAM, Load.stream(1, Sweep.CHUNK), SELECTORS, C),
            points(Shape.STREAM, Load.stream(10, Sweep.CHUNK), SELECTORS, C));

    /** Two load generators agree on a ratio when they are this close (relative). */
    public static final double AGREE = 0.10;

    /** One target: what it asks, what was measured, and whether it was met (null: not run). */
    public record Check(String target, String measured, Boolean met, boolean reportOnly) {
        Check(String target, String measured, Boolean met) {
            this(target, measured, met, false);
        }

        public String verdict() {
            return reportOnly ? "no target: reported" : met == null ? "not measured" : met ? "met" : "**missed**";
        }
    }

    private Targets() {
    }

    private static List<Point> points(Shape shape, Load load, Pick... picks) {
        return List.of(picks).stream().map(p -> new Point(shape, p, load)).toList();
    }

    /** @param models every model in order: an idle target for each that idles (its row may not have run) */
    public static List<Check> check(List<Measurement> results, List<Subject> models) {
        List<Check> checks = new ArrayList<>();
        checks.add(headline("06-selectors ≥ 1.0× the C reference's requests/s, ping-pong 64 B, 100 connections",
                results, Shape.PING_PONG_64, SELECTORS, C, 100, 1.0));
        checks.add(headline("06-selectors ≥ 0.95× the C reference's requests/s, ping-pong 64 B, 1000 connections",
                results, Shape.PING_PONG_64, SELECTORS, C, 1000, 0.95));
        checks.add(headline("06-selectors ≥ 0.95× 09-netty epoll with one event loop (`--threads 1`), requests/s, "
                + "ping-pong 64 B, 100 connections", results, Shape.PING_PONG_64, SELECTORS, NETTY_ONE_LOOP, 100, 0.95));
        for (int n : List.of(100, 1000)) {
            checks.add(reportOnly(ratio("06-selectors / 09-netty epoll on its default event loops (one per core), "
                    + "requests/s, ping-pong 64 B, " + n + " connections",
                    find(results, Shape.PING_PONG_64, SELECTORS, n), find(results, Shape.PING_PONG_64, NETTY_EPOLL, n),
                    0, false)));
        }
        for (int n : List.of(100, 1000)) {
            checks.add(reportOnly(ratio("09-netty io_uring / 09-netty epoll, requests/s, ping-pong 64 B, " + n
                    + " connections", find(results, Shape.PING_PONG_64, NETTY_IO_URING, n),
                    find(results, Shape.PING_PONG_64, NETTY_EPOLL, n), 0, false)));
        }
        // No target: what the FAQ's question 1 asks, measured (ET reads until EAGAIN, LT once per event).
        checks.add(reportOnly(ratio("C reference edge-triggered / level-triggered, requests/s, ping-pong 64 B, 100 "
                + "connections", find(results, Shape.PING_PONG_64, C_EDGE, 100), find(results, Shape.PING_PONG_64, C, 100),
                0, false)));
        checks.add(reportOnly(ratio("C reference edge-triggered / level-triggered, MB/s, stream of 64 KiB writes, 1 "
                + "connection", find(results, Shape.STREAM, C_EDGE, 1), find(results, Shape.STREAM, C, 1), 0, true)));
        for (int n : List.of(1, 10)) {
            checks.add(headline("06-selectors ≥ 0.8× the C reference's MB/s, stream of 64 KiB writes, " + n
                    + " connection" + (n == 1 ? "" : "s"), results, Shape.STREAM, SELECTORS, C, n, 0.8));
        }
        for (Subject s : models) {
            if (s.in(Shape.IDLE.flag) && !pollsByDesign(s, models)) {
                checks.add(idle(results, s));
            }
        }
        for (Pick p : List.of(SELECTORS, VIRTUAL_THREADS)) {
            checks.add(holds(results, p));
        }
        checks.add(heavy(find(results, Shape.HEAVY, HEAVY_ON_WORKERS, Sweep.HEAVY),
                find(results, Shape.HEAVY, HEAVY_ON_REACTOR, Sweep.HEAVY)));
        for (Shape shape : List.of(Shape.PING_PONG_64, Shape.PING_PONG_4K)) {
            checks.add(ratio("05-aio ≥ 0.6× 06-selectors' requests/s, " + shape.title + ", 100 connections",
                    find(results, shape, AIO, 100), find(results, shape, SELECTORS, 100), 0.6, false));
        }
        checks.add(ratio("07-virtual-threads ≥ 0.6× 06-selectors' requests/s, ping-pong 64 B, 1000 connections",
                find(results, Shape.PING_PONG_64, VIRTUAL_THREADS, 1000),
                find(results, Shape.PING_PONG_64, SELECTORS, 1000), 0.6, false));
        return checks;
    }

    /** A comparison with no target: reported, never met or missed (or "not measured" when it did not run). */
    private static Check reportOnly(Check c) {
        return c.met() == null ? c : new Check(c.target(), c.measured(), null, true);
    }

    /**
     * Exempt from the idle target: a chapter that polls by design ({@link Trait#POLLS_WHILE_IDLE}),
     * with every variant of it (the one with a sleep between passes too: it is shown for the note).
     */
    private static boolean pollsByDesign(Subject s, List<Subject> models) {
        return models.stream().anyMatch(o -> o.module().equals(s.module()) && o.traits().contains(Trait.POLLS_WHILE_IDLE));
    }

    /** A model idle with 1000 connections takes at most 2% of a core. */
    private static Check idle(List<Measurement> results, Subject s) {
        String target = s.name() + " ≤ 2% of one core with 1000 idle connections";
        Optional<Measurement> r = find(results, Shape.IDLE, new Pick(s.module(), s.args()), Sweep.IDLE);
        if (r.isEmpty() || !r.get().ran()) {
            return new Check(target, r.map(x -> "skipped: " + x.skipped()).orElse("not run"), null);
        }
        Measurement x = r.get();
        boolean met = x.clean() && x.cpuPercent() <= 2.0;
        return new Check(target, String.format(Locale.ROOT, "%.2f%% of a core (%.2f s CPU in %.1f s)%s%s",
                x.cpuPercent(), x.cpuSeconds(), x.cpuWindow(), x.errors() > 0 ? ", " + x.errors() + " errors" : "",
                x.starved() > 0 ? ", but " + x.starved() + " of the 1000 were never answered" : ""), met);
    }

    /** 08 with two workers keeps the heavy handler's p99 latency below 08 with the work on the reactor. */
    private static Check heavy(Optional<Measurement> workers, Optional<Measurement> reactor) {
        String target = "08-reactors --workers 2: p99 latency below --workers 0's, heavy handler (2 ms per request, "
                + Sweep.HEAVY + " connections)";
        if (workers.isEmpty() || reactor.isEmpty() || !workers.get().ran() || !reactor.get().ran()) {
            return new Check(target, "not run", null);
        }
        Measurement w = workers.get();
        Measurement r = reactor.get();
        boolean clean = w.clean() && r.clean();
        String measured = String.format(Locale.ROOT, "p99 %.1f ms with two workers, %.1f ms on the reactor (**%.2f×**)%s",
                w.p99Ns() / 1e6, r.p99Ns() / 1e6, (double) w.p99Ns() / r.p99Ns(),
                clean ? "" : " (with errors or starved connections)");
        return new Check(target, measured, clean && w.p99Ns() < r.p99Ns());
    }

    /** {@code p} holds 10,000 connections, every one answered, with a 64 MiB heap (the hold shape). */
    private static Check holds(List<Measurement> results, Pick p) {
        Optional<Measurement> hold = find(results, Shape.HOLD, p, Sweep.HOLD);
        String target = p.name() + " holds 10,000 concurrent connections with a 64 MiB heap";
        if (hold.isEmpty() || !hold.get().ran()) {
            return new Check(target, "not run", null);
        }
        Measurement h = hold.get();
        boolean met = h.errors() == 0 && h.starved() == 0 && h.requests() > 0;
        return new Check(target, String.format(Locale.ROOT,
                "%,d connections, %,.0f requests/s, %d starved, %d errors, RSS %.0f MiB, %d threads",
                h.connections(), h.requestsPerSecond(), h.starved(), h.errors(), h.rssMiB(), h.threads()), met);
    }

    /**
     * A headline ratio, measured with both load generators: the bench's own decides, the C one must
     * agree within {@link #AGREE}, or the row says why not. No ratio is drawn from a load-bound row.
     */
    private static Check headline(String target, List<Measurement> results, Shape shape, Pick a, Pick b, int n, double min) {
        boolean mb = shape == Shape.STREAM;
        Check java = ratio(target, find(results, shape, a, n), find(results, shape, b, n), min, mb);
        Optional<Measurement> ca = find(results, shape, a, n, Step.Generator.C);
        Optional<Measurement> cb = find(results, shape, b, n, Step.Generator.C);
        if (ca.isEmpty() && cb.isEmpty()) {
            return java; // the C load generator was not asked for (--quick, or another sweep)
        }
        Optional<Measurement> skipped = Stream.of(ca, cb).flatMap(Optional::stream).filter(r -> !r.ran()).findFirst();
        if (skipped.isPresent() || ca.isEmpty() || cb.isEmpty()) {
            return new Check(target, java.measured() + "; C load generator: "
                    + skipped.map(r -> "skipped: " + r.skipped()).orElse("not run"), java.met());
        }
        Check c = ratio(target, ca, cb, min, mb);
        String measured = "Java load generator: " + java.measured() + "; C load generator: " + c.measured();
        Double rj = value(find(results, shape, a, n), find(results, shape, b, n), mb);
        Double rc = value(ca, cb, mb);
        if (rj != null && rc != null) {
            double apart = Math.abs(rj / rc - 1);
            measured += apart <= AGREE
                    ? String.format(Locale.ROOT, "; they agree within %.0f%%", Math.ceil(apart * 100))
                    : String.format(Locale.ROOT, "; they **differ by %.0f%%**, more than %.0f%%: the two measured "
                    + "the same servers, so a load generator's own limit or the machine's noise (see each one's CPU in "
                    + "the tables)", apart * 100, AGREE * 100);
        }
        Boolean met = java.met() == null || c.met() == null ? null : java.met() && c.met();
        return new Check(target, measured, met);
    }

    /** The ratio of two clean rows that are not load-bound, or null. */
    private static Double value(Optional<Measurement> a, Optional<Measurement> b, boolean mb) {
        if (a.isEmpty() || b.isEmpty() || !a.get().clean() || !b.get().clean() || a.get().loadBound() || b.get().loadBound()) {
            return null;
        }
        double vb = mb ? b.get().mbPerSecond() : b.get().requestsPerSecond();
        return vb > 0 ? (mb ? a.get().mbPerSecond() : a.get().requestsPerSecond()) / vb : null;
    }

    private static Check ratio(String target, Optional<Measurement> a, Optional<Measurement> b, double min, boolean mb) {
        if (a.isEmpty() || b.isEmpty() || !a.get().ran() || !b.get().ran()) {
            return new Check(target, "not run", null);
        }
        Measurement x = a.get();
        Measurement y = b.get();
        List<String> bound = Stream.of(x, y).filter(Measurement::loadBound).map(Targets::boundBy).toList();
        if (!bound.isEmpty()) {
            return new Check(target, "no ratio: load-bound (" + String.join("; ", bound) + ")", null);
        }
        double vx = mb ? x.mbPerSecond() : x.requestsPerSecond();
        double vy = mb ? y.mbPerSecond() : y.requestsPerSecond();
        if (vy <= 0) {
            return new Check(target, "the reference measured nothing", null);
        }
        double r = vx / vy;
        String unit = mb ? "MB/s" : "requests/s";
        boolean medians = x.trials().size() > 1 || y.trials().size() > 1;
        String measured = String.format(Locale.ROOT, "**%.3f×** (%s%,.0f vs %,.0f %s)", r,
                medians ? "medians of " + Math.max(x.trials().size(), y.trials().size()) + " runs: " : "", vx, vy, unit);
        boolean clean = x.clean() && y.clean();
        if (!clean) {
            measured += " (with errors or starved connections)";
        }
        return new Check(target, measured, clean && r >= min);
    }

    /** Why a row is load-bound, in numbers: each side's CPU against what it could use. */
    public static String boundBy(Measurement r) {
        return String.format(Locale.ROOT, "%s: the load generator used %.2f of its %.0f core(s), the server %.2f",
                r.step().subject().name(), r.generatorUtil(), r.sides().generatorCores(), r.cpuSeconds() / r.cpuWindow());
    }

    /** A main row (the bench's own load generator, placed as the run's main rows are). */
    static Optional<Measurement> find(List<Measurement> results, Shape shape, Pick pick, int count) {
        return find(results, shape, pick, count, Step.Generator.JAVA);
    }

    static Optional<Measurement> find(List<Measurement> results, Shape shape, Pick pick, int count, Step.Generator gen) {
        return results.stream()
                .filter(r -> r.step().generator() == gen && !r.step().shared())
                .filter(r -> r.step().shape() == shape && pick.is(r.step().subject()))
                .filter(r -> (shape == Shape.MIXED ? r.step().load().idle() : r.step().connections()) == count)
                .findFirst();
    }
}
