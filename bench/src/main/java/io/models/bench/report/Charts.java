package io.models.bench.report;

import io.models.bench.load.Shape;
import io.models.bench.sweep.Measurement;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sweep's PNG charts: which the results have data for (throughput and p99 against connections, RSS and threads, idle CPU), and each model's colour. */
public final class Charts {

    /** A chart written: its file name (beside the report) and its title. */
    public record Chart(String file, String title) {
    }

    /** The models' colours, given by their order (the chapters' variants, then the C reference). */
    private static final List<Color> PALETTE = List.of(new Color(0x7f7f7f), new Color(0xd62728), new Color(0xff9896),
            new Color(0xff7f0e), new Color(0xffbb78), new Color(0x2ca02c), new Color(0x9467bd), new Color(0x1f77b4),
            new Color(0x393b79), new Color(0xaec7e8), new Color(0xc5b0d5), new Color(0xc49c94), new Color(0xe377c2),
            new Color(0x8c564b), new Color(0xbcbd22), new Color(0x17becf), new Color(0x98df8a), new Color(0xf7b6d2),
            new Color(0xdbdb8d), new Color(0x9edae5), new Color(0x637939), new Color(0x7b4173), new Color(0x843c39));

    private Charts() {
    }

    /** A model's colour: the palette's by the model's place among every model (black for one not there, a --target). */
    public static Color colour(List<String> models, String model) {
        int at = models.indexOf(model);
        return at < 0 ? Color.BLACK : PALETTE.get(at % PALETTE.size());
    }

    /**
     * Draws every chart the results have data for, into {@code dir}.
     *
     * @param models every model the bench knows, in order: its colour is its place
     */
    public static List<Chart> write(Path dir, String name, List<Measurement> results, List<String> models) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, Color> colours = new LinkedHashMap<>(); // one colour per model, the same in every chart and every run
        for (String m : models) {
            colours.put(m, colour(models, m));
        }
        LineChart c = new LineChart(dir, colours);
        List<Chart> charts = new ArrayList<>();
        List<Measurement> small = ran(results, Shape.PING_PONG_64);
        if (!small.isEmpty()) {
            charts.add(c.draw(name + "-throughput.png", "Throughput: ping-pong 64 B, requests/s against connections",
                    "connections", "requests/s", small, r -> r.connections(), Measurement::requestsPerSecond, true, 0));
            charts.add(c.draw(name + "-p99.png", "Latency: ping-pong 64 B, p99 against connections",
                    "connections", "p99 latency, µs (log)", small.stream().filter(r -> r.p99Ns() > 0).toList(),
                    r -> r.connections(), r -> r.p99Ns() / 1e3, true, -1));
        }
        // Memory and threads: every point that held N connections (ping-pong, active + idle, the hold).
        List<Measurement> held = new ArrayList<>(small);
        held.addAll(ran(results, Shape.MIXED).stream().filter(r -> r.step().load().idle() > 0).toList());
        held.addAll(ran(results, Shape.HOLD));
        held.removeIf(r -> r.rssKiB() <= 0);
        if (!held.isEmpty()) {
            charts.add(c.draw(name + "-rss.png", "Server RSS against connections open (ping-pong 64 B, 100 active + idle, hold)",
                    "connections open", "RSS, MiB", held, r -> r.connections(), Measurement::rssMiB, true, 0));
            charts.add(c.draw(name + "-threads.png", "Server threads against connections open (ping-pong 64 B, 100 active + idle, hold)",
                    "connections open", "threads (log)", held, r -> r.connections(), Measurement::threads, true, 1));
        }
        // CPU per request means something only where every connection was served.
        List<Measurement> mixed = ran(results, Shape.MIXED).stream()
                .filter(r -> r.requests() > 0 && r.clean() && !Double.isNaN(r.cpuSeconds())).toList();
        if (!mixed.isEmpty()) {
            charts.add(c.draw(name + "-idle-beside-active.png",
                    "100 active connections beside idle ones: server CPU per request",
                    "idle connections beside the 100 active", "server CPU µs per request", mixed,
                    r -> r.step().load().idle(), Measurement::cpuPerRequestUs, false, 0));
        }
        List<Measurement> idle = ran(results, Shape.IDLE).stream().filter(r -> !Double.isNaN(r.cpuSeconds())).toList();
        if (!idle.isEmpty()) {
            charts.add(IdleCpuChart.draw(dir, name + "-idle-cpu.png", "1000 idle connections: server CPU, % of one core", idle));
        }
        return charts;
    }

    private static List<Measurement> ran(List<Measurement> results, Shape shape) {
        return results.stream().filter(r -> r.step().shape() == shape && r.ran() && r.step().main()).toList();
    }
}
