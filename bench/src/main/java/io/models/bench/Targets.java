package io.models.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The targets, checked against one run's results: ratios within the same run. */
final class Targets {

    /** One target: what it asks, what was measured, and whether it was met (null: not run). */
    record Check(String target, String measured, Boolean met, boolean reportOnly) {
        Check(String target, String measured, Boolean met) {
            this(target, measured, met, false);
        }

        String verdict() {
            return reportOnly ? "no target: reported" : met == null ? "not measured" : met ? "met" : "**missed**";
        }
    }

    private Targets() {
    }

    static List<Check> check(List<Result> results) {
        List<Check> checks = new ArrayList<>();
        for (int n : List.of(100, 1000)) {
            checks.add(ratio("06-selectors ≥ 0.9× the C reference's requests/s, ping-pong 64 B, " + n + " connections",
                    find(results, Shape.PING_PONG_64, Subject.SELECTORS, n), find(results, Shape.PING_PONG_64, Subject.C, n),
                    0.9, false));
        }
        for (int n : List.of(100, 1000)) {
            checks.add(ratio("06-selectors ≥ 0.9× 09-netty epoll's requests/s, ping-pong 64 B, " + n + " connections",
                    find(results, Shape.PING_PONG_64, Subject.SELECTORS, n),
                    find(results, Shape.PING_PONG_64, Subject.NETTY_EPOLL, n), 0.9, false));
        }
        for (int n : List.of(100, 1000)) {
            Check c = ratio("09-netty io_uring / 09-netty epoll, requests/s, ping-pong 64 B, " + n + " connections",
                    find(results, Shape.PING_PONG_64, Subject.NETTY_IO_URING, n),
                    find(results, Shape.PING_PONG_64, Subject.NETTY_EPOLL, n), 0, false);
            checks.add(c.met() == null ? c : new Check(c.target(), c.measured(), null, true));
        }
        for (int n : List.of(1, 10)) {
            checks.add(ratio("06-selectors ≥ 0.7× the C reference's MB/s, stream of 64 KiB writes, " + n
                            + " connection" + (n == 1 ? "" : "s"),
                    find(results, Shape.STREAM, Subject.SELECTORS, n), find(results, Shape.STREAM, Subject.C, n),
                    0.7, true));
        }
        for (Subject s : Sweep.IDLE_SUBJECTS) {
            if (s.module().equals("03-nonblocking")) {
                continue; // exempt: it polls by design (its --idle-sleep-ms variant is not)
            }
            Optional<Result> r = find(results, Shape.IDLE, s, Sweep.IDLE);
            String target = s.name() + " ≤ 2% of one core with 1000 idle connections";
            if (s == Subject.NONBLOCKING_SLEEP) {
                target = s.name() + " ≤ 2% of one core with 1000 idle connections (not a target: shown for the note)";
            }
            if (r.isEmpty() || !r.get().ran()) {
                checks.add(new Check(target, r.map(x -> "skipped: " + x.skipped()).orElse("not run"), null));
            } else {
                Result x = r.get();
                boolean met = x.clean() && x.cpuPercent() <= 2.0;
                checks.add(new Check(target, String.format(Locale.ROOT, "%.2f%% of a core (%.2f s CPU in %.1f s)%s%s",
                        x.cpuPercent(), x.cpuSeconds(), x.cpuWindow(), x.errors() > 0 ? ", " + x.errors() + " errors" : "",
                        x.starved() > 0 ? ", but " + x.starved() + " of the 1000 were never answered" : ""),
                        s == Subject.NONBLOCKING_SLEEP ? null : met));
            }
        }
        for (Subject s : List.of(Subject.SELECTORS, Subject.VIRTUAL_THREADS)) {
            checks.add(holds(results, s));
        }
        checks.add(heavy(find(results, Shape.HEAVY, Subject.HEAVY_ON_WORKERS, Sweep.HEAVY),
                find(results, Shape.HEAVY, Subject.HEAVY_ON_REACTOR, Sweep.HEAVY)));
        for (Shape shape : List.of(Shape.PING_PONG_64, Shape.PING_PONG_4K)) {
            checks.add(ratio("05-aio ≥ 0.6× 06-selectors' requests/s, " + shape.title + ", 100 connections",
                    find(results, shape, Subject.AIO, 100), find(results, shape, Subject.SELECTORS, 100), 0.6, false));
        }
        checks.add(ratio("07-virtual-threads ≥ 0.6× 06-selectors' requests/s, ping-pong 64 B, 1000 connections",
                find(results, Shape.PING_PONG_64, Subject.VIRTUAL_THREADS, 1000),
                find(results, Shape.PING_PONG_64, Subject.SELECTORS, 1000), 0.6, false));
        return checks;
    }

    /** 08 with two workers keeps the heavy handler's p99 latency below 08 with the work on the reactor. */
    private static Check heavy(Optional<Result> workers, Optional<Result> reactor) {
        String target = "08-reactors --workers 2: p99 latency below --workers 0's, heavy handler (2 ms per request, "
                + Sweep.HEAVY + " connections)";
        if (workers.isEmpty() || reactor.isEmpty() || !workers.get().ran() || !reactor.get().ran()) {
            return new Check(target, "not run", null);
        }
        Result w = workers.get();
        Result r = reactor.get();
        boolean clean = w.clean() && r.clean();
        String measured = String.format(Locale.ROOT, "p99 %.1f ms with two workers, %.1f ms on the reactor (**%.2f×**)%s",
                w.p99Ns() / 1e6, r.p99Ns() / 1e6, (double) w.p99Ns() / r.p99Ns(),
                clean ? "" : " (with errors or starved connections)");
        return new Check(target, measured, clean && w.p99Ns() < r.p99Ns());
    }

    /** {@code s} holds 10,000 connections, every one answered, with a 64 MiB heap (the hold shape). */
    private static Check holds(List<Result> results, Subject s) {
        Optional<Result> hold = find(results, Shape.HOLD, s, Sweep.HOLD);
        String target = s.name() + " holds 10,000 concurrent connections with a 64 MiB heap";
        if (hold.isEmpty() || !hold.get().ran()) {
            return new Check(target, "not run", null);
        }
        Result h = hold.get();
        boolean met = h.errors() == 0 && h.starved() == 0 && h.requests() > 0;
        return new Check(target, String.format(Locale.ROOT,
                "%,d connections, %,.0f requests/s, %d starved, %d errors, RSS %.0f MiB, %d threads",
                h.connections(), h.requestsPerSecond(), h.starved(), h.errors(), h.rssMiB(), h.threads()), met);
    }

    private static Check ratio(String target, Optional<Result> a, Optional<Result> b, double min, boolean mb) {
        if (a.isEmpty() || b.isEmpty() || !a.get().ran() || !b.get().ran()) {
            return new Check(target, "not run", null);
        }
        Result x = a.get();
        Result y = b.get();
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

    static Optional<Result> find(List<Result> results, Shape shape, Subject subject, int count) {
        return results.stream()
                .filter(r -> r.step().shape() == shape && r.step().subject().equals(subject))
                .filter(r -> (shape == Shape.MIXED ? r.step().load().idle() : r.step().connections()) == count)
                .findFirst();
    }
}
