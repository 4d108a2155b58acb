package io.models.bench.lab;

import io.models.bench.load.LoadGen;
import io.models.bench.sweep.ProcReadings;
import io.models.common.linux.Proc;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One second of a run, as the charts show it. Latencies are null when no request completed in it;
 * the server's figures are -1 when {@code /proc} has none.
 *
 * @param open    connections open, seen from the load generator
 * @param starved active connections that completed nothing in this second, and idle ones never
 *                answered
 * @param errors  connections that failed since the load began (or last changed)
 */
public record LabSample(double t, double requestsPerSecond, Double p50Us, Double p99Us, double cpuPercent, int threads,
                        double rssMiB, int descriptors, int open, long starved, long errors) {

    /**
     * The second that ended at {@code afterAt}: what the load generator measured in it ({@code w},
     * null without connections) and what Linux said of the server before and after.
     *
     * @param open connections open now
     */
    static LabSample of(double t, LoadGen.Window w, long pid, Proc.Sample before, long beforeAt, Proc.Sample after,
                        long afterAt, int open) {
        double cpu = before != null && after != null
                ? 100 * ProcReadings.seconds(after.cpuTicks() - before.cpuTicks()) / ((afterAt - beforeAt) / 1e9) : -1;
        boolean timed = w != null && w.latency().getTotalCount() > 0;
        return new LabSample(t,
                w == null ? 0 : w.requests() / w.seconds(),
                timed ? w.latency().getValueAtPercentile(50) / 1e3 : null,
                timed ? w.latency().getValueAtPercentile(99) / 1e3 : null,
                cpu,
                after == null ? -1 : after.threads(),
                after == null ? -1 : after.rssKiB() / 1024.0,
                descriptors(pid),
                open,
                w == null ? 0 : w.starved(),
                w == null ? 0 : w.errors());
    }

    /** The server's open descriptors; -1 if it is gone or not known. */
    private static int descriptors(long pid) {
        try {
            return pid < 0 ? -1 : Proc.of(pid).fds();
        } catch (IOException e) {
            return -1;
        }
    }

    Map<String, Object> json() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("t", round(t, 2));
        j.put("requestsPerSecond", round(requestsPerSecond, 1));
        j.put("p50Us", p50Us == null ? null : round(p50Us, 1));
        j.put("p99Us", p99Us == null ? null : round(p99Us, 1));
        j.put("cpuPercent", round(cpuPercent, 1));
        j.put("threads", threads);
        j.put("rssMiB", round(rssMiB, 1));
        j.put("descriptors", descriptors);
        j.put("open", open);
        j.put("starved", starved);
        j.put("errors", errors);
        return j;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
