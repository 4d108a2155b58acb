package io.models.bench.sweep;

import io.models.bench.load.Load;
import io.models.bench.load.LoadGen;
import io.models.bench.server.CLoadGen;
import io.models.bench.server.MeasuredServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A point driven by the C load generator ({@link CLoadGen}): its own process, pinned to the load
 * generator's first core when the row is pinned; its window, its CPU and the server's CPU over it
 * as it reports them; the server's threads and RSS read here while it runs.
 */
final class CLoadGenPoint {

    private CLoadGenPoint() {
    }

    static Measurement run(Runner.Env env, Step step, MeasuredServer server, Duration warmup, Duration window,
                           boolean pinned, int serverCores, List<String> notes) throws InterruptedException {
        Load load = step.load();
        if (load.idle() > 0 || !load.touch()) {
            return Measurement.skipped(step, "the C load generator runs ping-pong and streams only");
        }
        long pid = server.pid();
        ProcReadings.Peaks peaks = new ProcReadings.Peaks();
        Thread watcher = Thread.ofPlatform().name("bench-c-watch").daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peaks.add(ProcReadings.sample(pid));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Map<String, String> kv;
        try {
            kv = env.cLoadGen().run(server.address().getPort(), load.kind() == Load.Kind.STREAM, load.active(),
                    load.messageBytes(), Runner.seconds(warmup), Runner.seconds(window),
                    pinned ? env.placement().generator().get(0) : -1, pid);
        } catch (IOException e) {
            String m = e.getMessage();
            if (m.contains("expected 0x") || m.contains("more reply than request") || m.contains("more bytes came back")) {
                throw new LoadGen.MismatchException("the C load generator: " + m);
            }
            notes.add("the C load generator: " + m);
            return Measurement.failed(step, notes);
        } finally {
            watcher.interrupt();
            watcher.join(1000);
        }
        if (!server.alive()) {
            notes.add("the server process died" + Runner.lastLines(server));
        }
        double secs = number(kv, "seconds");
        boolean pingPong = load.kind() == Load.Kind.PING_PONG;
        long requests = pingPong ? (long) number(kv, "requests") : 0;
        long bytes = pingPong ? requests * load.messageBytes() : (long) number(kv, "bytes");
        double serverCpu = number(kv, "server_cpu_s");
        return new Measurement(step, null, secs, requests, bytes,
                pingPong ? (long) (number(kv, "p50_us") * 1000) : -1, pingPong ? (long) (number(kv, "p99_us") * 1000) : -1,
                pingPong ? (long) (number(kv, "p999_us") * 1000) : -1, serverCpu < 0 ? Double.NaN : serverCpu, secs,
                peaks.threads(), peaks.rssKiB(), server.alive() ? 0 : 1, (long) number(kv, "starved"), notes)
                .with(new Measurement.Sides(number(kv, "cpu_s"), 1, serverCores, !pinned));
    }

    private static double number(Map<String, String> kv, String key) {
        try {
            return Double.parseDouble(kv.getOrDefault(key, "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
