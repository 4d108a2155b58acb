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
 */
public record Measurement(Step step, String skipped, double seconds, long requests, long replyBytes,
                          long p50Ns, long p99Ns, long p999Ns, double cpuSeconds, double cpuWindow,
                          int threads, long rssKiB, long errors, long starved, List<String> notes, List<Double> trials) {

    public Measurement(Step step, String skipped, double seconds, long requests, long replyBytes,
                       long p50Ns, long p99Ns, long p999Ns, double cpuSeconds, double cpuWindow,
                       int threads, long rssKiB, long errors, long starved, List<String> notes) {
        this(step, skipped, seconds, requests, replyBytes, p50Ns, p99Ns, p999Ns, cpuSeconds, cpuWindow, threads,
                rssKiB, errors, starved, notes, List.of());
    }

    public static Measurement skipped(Step step, String why) {
        return new Measurement(step, why, 0, 0, 0, -1, -1, -1, 0, 0, 0, 0, 0, 0, List.of());
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
        Step first = new Step(m.step().shape(), m.step().subject(), m.step().load());
        return new Measurement(first, m.skipped(), m.seconds(), m.requests(), m.replyBytes(), m.p50Ns(), m.p99Ns(), m.p999Ns(),
                m.cpuSeconds(), m.cpuWindow(), m.threads(), m.rssKiB(), errors, m.starved(), notes,
                runs.stream().filter(Measurement::ran).map(Measurement::mainFigure).toList());
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
