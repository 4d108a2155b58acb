package io.models.bench.sweep;

import io.models.bench.load.Load;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one point measured: a row of the results.
 *
 * @param skipped      why it did not run, or null
 * @param seconds      the measured window
 * @param requests     ping-pong requests completed (every byte checked) in the window
 * @param replyBytes   reply bytes received and checked in the window
 * @param p50Ns        latency percentiles in ns, -1 where there is no latency (stream, idle)
 * @param cpuSeconds   the server process's user + system CPU over the window
 * @param cpuWindow    the wall time over which {@code cpuSeconds} was taken
 * @param threads      the server's threads (the most seen in the window)
 * @param rssKiB       the server's resident memory (the most seen in the window)
 * @param errors       connections that failed (connect, reset, closed by the server) or a server
 *                     that died
 * @param starved      active connections that got nothing back in the whole window, and idle
 *                     ones whose one request was never answered
 * @param notes        what else happened (the server ran out of memory, did not get ready, ...)
 * @param trials       for a point run several times: its main figure in each run, in run order
 *                     (this row is the median run); empty otherwise
 * @param sides        the CPU the load generator used, and the cores each side could use; {@link Sides#UNKNOWN}
 *                     where it was not measured
 */
public record Measurement(Step step, String skipped, double seconds, long requests, long replyBytes,
                          long p50Ns, long p99Ns, long p999Ns, double cpuSeconds, double cpuWindow,
                          int threads, long rssKiB, long errors, long starved, List<String> notes, List<Double> trials,
                          Sides sides) {

    /**
     * Who could have limited a row: the load generator's CPU over the window (its load threads for the
     * Java one, its whole process for the C one), and how many cores each side could use.
     *
     * @param generatorCpuSeconds the load generator's user + system CPU over the window; NaN if not known
     * @param generatorCores      the most cores it can use: its threads, at most the cores it may run on
     * @param serverCores         the cores the server may run on
     * @param shared              true if the two were not pinned: then the server can use only what the
     *                            load generator leaves of the shared cores
     */
    public record Sides(double generatorCpuSeconds, double generatorCores, double serverCores, boolean shared) {
        public static final Sides UNKNOWN = new Sides(Double.NaN, Double.NaN, Double.NaN, true);
    }

    /** A side that used this share of what it could is saturated. */
    public static final double SATURATED = 0.9;

    public Measurement(Step step, String skipped, double seconds, long requests, long replyBytes,
                       long p50Ns, long p99Ns, long p999Ns, double cpuSeconds, double cpuWindow,
                       int threads, long rssKiB, long errors, long starved, List<String> notes) {
        this(step, skipped, seconds, requests, replyBytes, p50Ns, p99Ns, p999Ns, cpuSeconds, cpuWindow, threads,
                rssKiB, errors, starved, notes, List.of(), Sides.UNKNOWN);
    }

    /** The same row with the load generator's side. */
    public Measurement with(Sides s) {
        return new Measurement(step, skipped, seconds, requests, replyBytes, p50Ns, p99Ns, p999Ns, cpuSeconds, cpuWindow,
                threads, rssKiB, errors, starved, notes, trials, s);
    }

    /**
     * The rule: a row is load-bound when the load generator was saturated (it used at least
     * {@link #SATURATED} of the cores it could use) and the server was not (it used less than that
     * share of the cores it could use: its own when pinned; when shared, what the load generator left
     * of them). Such a row measured the load generator, not the server: no ratio is drawn from it.
     *
     * @param generatorUtil cores the load generator used (CPU seconds over wall seconds)
     * @param serverUtil    cores the server used
     */
    public static boolean loadBound(double generatorUtil, double generatorCores, double serverUtil, double serverCores,
                                    boolean shared) {
        if (Double.isNaN(generatorUtil) || Double.isNaN(serverUtil) || Double.isNaN(generatorCores) || Double.isNaN(serverCores)) {
            return false; // not measured: nothing to say
        }
        double serverCan = shared ? Math.max(0, serverCores - generatorUtil) : serverCores;
        return generatorUtil >= SATURATED * generatorCores && serverUtil < SATURATED * serverCan;
    }

    /** True if this row measured its load generator rather than its server (see {@link #loadBound(double, double, double, double, boolean)}). */
    public boolean loadBound() {
        return ran() && cpuWindow > 0 && loadBound(generatorUtil(), sides.generatorCores(), cpuSeconds / cpuWindow,
                sides.serverCores(), sides.shared());
    }

    /** Cores the load generator used over the window; NaN if not known. */
    public double generatorUtil() {
        return cpuWindow > 0 ? sides.generatorCpuSeconds() / cpuWindow : Double.NaN;
    }

    public static Measurement skipped(Step step, String why) {
        return new Measurement(step, why, 0, 0, 0, -1, -1, -1, 0, 0, 0, 0, 0, 0, List.of());
    }

    /** A row that measured nothing (its server did not start, its load generator failed): one error, every active connection starved. */
    static Measurement failed(Step step, List<String> notes) {
        return new Measurement(step, null, 0, 0, 0, -1, -1, -1, Double.NaN, 0, 0, 0, 1, step.load().active(), notes);
    }

    /** The figure a point is judged by: MB/s for a stream, requests/s otherwise. */
    public double mainFigure() {
        return step.load().kind() == Load.Kind.STREAM ? mbPerSecond() : requestsPerSecond();
    }

    /**
     * Several runs of one point as one row: the run with the median main figure, every run's figure
     * kept in {@link #trials}, the notes of every run kept.
     */
    /** A point run several times becomes one row, its median run (see {@link #median}). */
    public static List<Measurement> merge(List<Measurement> results) {
        Map<Step.Key, List<Measurement>> byPoint = new LinkedHashMap<>();
        for (Measurement r : results) {
            byPoint.computeIfAbsent(r.step().key(), k -> new ArrayList<>()).add(r);
        }
        return byPoint.values().stream().map(Measurement::median).toList();
    }

    static Measurement median(List<Measurement> runs) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        List<Measurement> ran = runs.stream().filter(Measurement::ran).sorted(Comparator.comparingDouble(Measurement::mainFigure)).toList();
        if (ran.isEmpty()) {
            return runs.get(0);
        }
        Measurement m = ran.get((ran.size() - 1) / 2);
        List<String> notes = new ArrayList<>();
        for (Measurement r : runs) {
            for (String n : r.notes()) {
                notes.add(runs.size() > 1 ? "run " + r.step().trial() + ": " + n : n);
            }
        }
        long errors = runs.stream().mapToLong(Measurement::errors).max().orElse(0);
        Step first = m.step().trial(1);
        return new Measurement(first, m.skipped(), m.seconds(), m.requests(), m.replyBytes(), m.p50Ns(), m.p99Ns(), m.p999Ns(),
                m.cpuSeconds(), m.cpuWindow(), m.threads(), m.rssKiB(), errors, m.starved(), notes,
                runs.stream().filter(Measurement::ran).map(Measurement::mainFigure).toList(), m.sides());
    }

    public int connections() {
        return step.connections();
    }

    public boolean ran() {
        return skipped == null;
    }

    public double requestsPerSecond() {
        return seconds > 0 ? requests / seconds : 0;
    }

    /** Reply bytes per second, in MB (10^6 bytes). */
    public double mbPerSecond() {
        return seconds > 0 ? replyBytes / seconds / 1e6 : 0;
    }

    /** Server CPU per completed request, in µs; NaN without requests. */
    public double cpuPerRequestUs() {
        return requests > 0 ? cpuSeconds * 1e6 / requests : Double.NaN;
    }

    /** Server CPU as a percentage of one core over the window. */
    public double cpuPercent() {
        return cpuWindow > 0 ? 100 * cpuSeconds / cpuWindow : 0;
    }

    public double rssMiB() {
        return rssKiB / 1024.0;
    }

    public boolean clean() {
        return ran() && errors == 0 && starved == 0;
    }
}
