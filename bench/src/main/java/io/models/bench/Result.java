package io.models.bench;

import java.util.List;

/**
 * What one point measured.
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
record Result(Step step, String skipped, double seconds, long requests, long replyBytes,
              long p50Ns, long p99Ns, long p999Ns, double cpuSeconds, double cpuWindow,
              int threads, long rssKiB, long errors, long starved, List<String> notes, List<Double> trials) {

    Result(Step step, String skipped, double seconds, long requests, long replyBytes,
           long p50Ns, long p99Ns, long p999Ns, double cpuSeconds, double cpuWindow,
           int threads, long rssKiB, long errors, long starved, List<String> notes) {
        this(step, skipped, seconds, requests, replyBytes, p50Ns, p99Ns, p999Ns, cpuSeconds, cpuWindow, threads,
                rssKiB, errors, starved, notes, List.of());
    }

    static Result skipped(Step step, String why) {
        return new Result(step, why, 0, 0, 0, -1, -1, -1, 0, 0, 0, 0, 0, 0, List.of());
    }

    /** The figure a point is judged by: MB/s for a stream, requests/s otherwise. */
    double mainFigure() {
        return step.load().kind() == Load.Kind.STREAM ? mbPerSecond() : requestsPerSecond();
    }

    /**
     * Several runs of one point as one row: the run with the median main figure, every run's figure
     * kept in {@link #trials}, the notes of every run kept.
     */
    static Result median(List<Result> runs) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        List<Result> ran = runs.stream().filter(Result::ran).sorted(java.util.Comparator.comparingDouble(Result::mainFigure)).toList();
        if (ran.isEmpty()) {
            return runs.get(0);
        }
        Result m = ran.get((ran.size() - 1) / 2);
        List<String> notes = new java.util.ArrayList<>();
        for (Result r : runs) {
            for (String n : r.notes()) {
                notes.add(runs.size() > 1 ? "run " + r.step().trial() + ": " + n : n);
            }
        }
        long errors = runs.stream().mapToLong(Result::errors).max().orElse(0);
        Step first = new Step(m.step().shape(), m.step().subject(), m.step().load());
        return new Result(first, m.skipped(), m.seconds(), m.requests(), m.replyBytes(), m.p50Ns(), m.p99Ns(), m.p999Ns(),
                m.cpuSeconds(), m.cpuWindow(), m.threads(), m.rssKiB(), errors, m.starved(), notes,
                runs.stream().filter(Result::ran).map(Result::mainFigure).toList());
    }

    int connections() {
        return step.connections();
    }

    boolean ran() {
        return skipped == null;
    }

    double requestsPerSecond() {
        return seconds > 0 ? requests / seconds : 0;
    }

    /** Reply bytes per second, in MB (10^6 bytes). */
    double mbPerSecond() {
        return seconds > 0 ? replyBytes / seconds / 1e6 : 0;
    }

    /** Server CPU per completed request, in µs; NaN without requests. */
    double cpuPerRequestUs() {
        return requests > 0 ? cpuSeconds * 1e6 / requests : Double.NaN;
    }

    /** Server CPU as a percentage of one core over the window. */
    double cpuPercent() {
        return cpuWindow > 0 ? 100 * cpuSeconds / cpuWindow : 0;
    }

    double rssMiB() {
        return rssKiB / 1024.0;
    }

    boolean clean() {
        return ran() && errors == 0 && starved == 0;
    }
}
