package io.models.bench.soak;

import io.models.bench.load.Load;
import io.models.bench.report.TimeChart;
import io.models.bench.server.Machine;
import io.models.bench.sweep.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A soak's results: {@code soak-<model>.md} (the verdict, the drift, every byte checked, a sample a
 * minute), {@code .csv} (every sample) and {@code .png} (the four series over time, with their
 * levels and ceilings).
 *
 * @param model        the model as the tables name it ({@code 09-netty epoll})
 * @param command      the soak's command line
 * @param serverCommand how the server was started
 * @param started      when, in UTC
 * @param elapsed      how long the whole soak took, in seconds
 * @param revision     the code measured
 * @param loadBefore   the machine's load averages before and after
 * @param minutes      the soak's length as asked
 */
record SoakReport(String model, String command, List<String> serverCommand, String started, double elapsed, Machine machine,
                  String revision, String loadBefore, String loadAfter, int minutes, Mix mix, Soak.Timing timing,
                  Soak.Result result) {

    /** What was written, and the verdict. */
    record Written(Path markdown, Path csv, Path chart, String chartNote) {
    }

    /** {@code soak-09-netty-epoll}: the model's name as a file name. */
    static String baseName(String model) {
        return "soak-" + model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]+", "-").replaceAll("^-+|-+$", "");
    }

    /** The drift, if the soak lasted long enough to judge it; null if not. */
    Drift drift() {
        try {
            return Drift.of(result.samples(), timing.settle(), mix);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True if the soak passed: its whole time, no fault, no drift. */
    boolean passed() {
        Drift d = drift();
        return result.fault() == null && !result.stopped() && d != null && d.none();
    }

    /** The verdict in one line (the console's, and the report's first words). */
    String verdict() {
        Drift d = drift();
        Faults.Fault fault = result.fault();
        if (result.stopped() && (fault == null || fault.kind() != Faults.Kind.WRONG_BYTE)) {
            // Ctrl-C reaches the server too (the terminal signals the whole group): its going is no fault of its own
            return "STOPPED after " + Progress.clock(lastSeconds()) + " (m:ss), before its " + minutes
                    + " minutes: " + (d == null ? "too short to judge" : d.none() ? "no drift so far" : "drift so far: "
                    + String.join("; ", d.drifted()));
        }
        if (fault != null) {
            String kind = switch (fault.kind()) {
                case WRONG_BYTE -> "a wrong byte";
                case MISSING_BYTE -> "a missing byte";
                case SERVER -> "the server";
            };
            return "FAILED (" + kind + "): " + fault.what();
        }
        if (d == null) {
            return "NOT JUDGED: " + result.samples().size() + " samples, too few for the first minute and the end";
        }
        return d.none() ? "no drift, every byte checked" : "DRIFT: " + String.join("; ", d.drifted());
    }

    private double lastSeconds() {
        List<Sample> s = result.samples();
        return s.isEmpty() ? 0 : s.get(s.size() - 1).seconds();
    }

    Written write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String base = baseName(model);
        Path csv = dir.resolve(base + ".csv");
        StringBuilder c = new StringBuilder(Sample.CSV_HEADER).append('\n');
        result.samples().forEach(s -> c.append(s.csv()).append('\n'));
        Files.writeString(csv, c, StandardCharsets.UTF_8);
        Path png = null;
        String chartNote = null;
        try {
            if (result.samples().isEmpty()) {
                chartNote = "no chart: no sample";
            } else {
                png = dir.resolve(TimeChart.draw(dir, base + ".png", "Soak: " + model + ", the server over "
                        + Progress.clock(lastSeconds()) + " (m:ss)", "minutes since the mix was up", panels(),
                        timing.settle().toSeconds() / 60.0, "first minute").file());
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            chartNote = "no chart: " + e; // a JDK without fonts, for example
        }
        Path md = dir.resolve(base + ".md");
        Files.writeString(md, markdown(png, chartNote), StandardCharsets.UTF_8);
        return new Written(md, csv, png, chartNote);
    }

    private List<TimeChart.Panel> panels() {
        List<Sample> s = result.samples();
        double[] x = s.stream().mapToDouble(v -> v.seconds() / 60).toArray();
        Drift d = drift();
        List<TimeChart.Panel> p = new ArrayList<>();
        p.add(panel("open descriptors", x, s, v -> v.descriptors(), d, 0));
        p.add(panel("threads", x, s, v -> v.threads(), d, 1));
        p.add(panel("RSS, MiB", x, s, v -> v.rssKiB() / 1024.0, d, 2));
        p.add(panel("heap after GC, MiB", x, s, v -> v.heapKiB() < 0 ? Double.NaN : v.heapKiB() / 1024.0, d, 3));
        return p;
    }

    private static TimeChart.Panel panel(String label, double[] x, List<Sample> s, ToDoubleFunction<Sample> y, Drift d, int i) {
        Drift.Measure m = d == null ? null : d.measures().get(i);
        boolean judged = m != null && m.measured();
        return new TimeChart.Panel(label, x, s.stream().mapToDouble(y).toArray(), judged ? m.level() : Double.NaN,
                judged ? m.level() + m.allowed() : Double.NaN);
    }

    String markdown(Path png, String chartNote) {
        StringBuilder md = new StringBuilder();
        Drift d = drift();
        Soak.Totals t = result.totals();
        md.append("# Soak: ").append(model).append(", ").append(minutes).append(minutes == 1 ? " minute" : " minutes")
                .append("\n\n");
        md.append("Produced by `").append(command).append("` on ").append(started).append(", in ")
                .append(Progress.clock(elapsed)).append(" (m:ss). The server ran as its own process, as in the benchmark, "
                        + "under the whole mix at once; it was read from outside every ")
                .append(timing.period().toSeconds()).append(" s.\n\n");
        md.append("**").append(verdict()).append("**\n\n");

        md.append("## The machine and the settings\n\n| | |\n|---|---|\n");
        row(md, "CPU", machine.cpu() + ", " + machine.cores() + " cores");
        row(md, "memory", machine.memory());
        row(md, "OS", machine.os());
        row(md, "JDK (bench, server, jcmd)", machine.jdk());
        row(md, "code measured", revision + " (the chapter's jar as built from it)");
        row(md, "server", "`" + String.join(" ", shortened(serverCommand)) + "`");
        row(md, "the mix, all at once", mix.describe() + "; " + mix.held() + " connections held open, "
                + mix.coming() + " more at most coming and going");
        row(md, "sampled", "every " + timing.period().toSeconds() + " s: open descriptors (`/proc/PID/fd`), threads and RSS "
                + "(`/proc/PID/status`), then the heap in use after a full collection (`jcmd PID GC.run`, then `GC.heap_info`)"
                + (result.heapNote() != null ? "; the heap could not be read: " + result.heapNote() : ""));
        row(md, "load average (1/5/15 min)", "before: " + loadBefore + "; after: " + loadAfter);
        md.append('\n');

        md.append("## Drift\n\n");
        md.append("Each series' **level** is the median of the first minute's last three samples, its **end** the median "
                + "of the run's last three: the first minute (the JIT, the heap's first use, the mix's connections) is not "
                + "drift, and one sample caught at a busy moment decides nothing. No drift: open descriptors and threads end "
                + "at most ").append(mix.coming()).append(" above their level (the reset clients' connections, which come "
                + "and go; a thread-per-connection model holds a thread for each), RSS at most 10% above its level, and the "
                + "heap after GC at most 10% (or 1 MiB, if that is more) above its level. Going down is never drift.\n\n");
        if (d == null) {
            md.append("Not judged: ").append(result.samples().size())
                    .append(" samples, too few for three in the first minute and three after it.\n\n");
        } else {
            md.append("| | level after the first minute | end | growth | allowed | most after the first minute | |\n");
            md.append("|---|---:|---:|---:|---:|---:|---|\n");
            for (Drift.Measure m : d.measures()) {
                boolean whole = m.unit().isEmpty();
                md.append("| ").append(m.name()).append(whole ? "" : ", " + m.unit()).append(" | ");
                if (!m.measured()) {
                    md.append("not measured | | | | | |\n");
                    continue;
                }
                md.append(num(m.level(), whole)).append(" | ").append(num(m.end(), whole)).append(" | ")
                        .append(signed(m.growth(), whole)).append(whole ? "" : String.format(Locale.ROOT, " (%+.1f%%)",
                                100 * m.growth() / m.level()))
                        .append(" | +").append(num(m.allowed(), whole)).append(" (").append(m.rule()).append(") | ")
                        .append(num(m.peak(), whole)).append(" | ").append(m.drifted() ? "**drift**" : "ok").append(" |\n");
            }
            md.append('\n');
        }
        if (png != null) {
            md.append("![The server's open descriptors, threads, RSS and heap after GC over the soak](")
                    .append(png.getFileName()).append(")\n\n");
            md.append("In the chart, the grey dotted line is each series' level, the red dashed one what it may end at, "
                    + "and the vertical line the end of the first minute.\n\n");
        } else if (chartNote != null) {
            md.append(chartNote).append("\n\n");
        }

        md.append("## Every byte checked\n\n");
        md.append("Every reply byte the soak's clients received was compared with the upper-cased byte they sent; the first "
                + "wrong one, or one that did not come (a connection of the mix closed or reset by the server, a reply that "
                + "stopped), ends the soak as failed.\n\n");
        md.append("| the mix | what it did | checked |\n|---|---|---:|\n");
        row3(md, mix.pingPong() + " ping-pong connections, " + mix.pingPongBytes() + " B",
                String.format(Locale.ROOT, "%,d requests, each reply whole before the next request", t.requests()),
                mib(t.pingPongBytes()));
        row3(md, mix.idle() + " idle connections", "answered once before the soak, silent since, still open at the end",
                mib((long) mix.idle() * Load.TOUCH_BYTES));
        row3(md, "a stream, " + mix.streamBytes() / 1024 + " KiB writes", "wrote without pause, at most 4 MiB not yet back",
                mib(t.streamBytes()));
        row3(md, mix.resetters() + " reset clients", String.format(Locale.ROOT, "%,d connections reset (SO_LINGER 0): %,d at "
                        + "once, %,d after a whole %d B reply, %,d in the middle of a %d KiB reply", t.allResets(), t.resets()[0],
                t.resets()[1], Resetter.SMALL, t.resets()[2], Resetter.LARGE / 1024), mib(t.resetBytes()));
        row3(md, "a slow reader", String.format(Locale.ROOT, "stopped reading %d times for %d s (up to %s sent and not yet "
                        + "read back, in the kernel's socket buffers and the server), then read everything back (the longest "
                        + "drain: %.1f s), then streamed for %d s", t.stalls(), mix.stall().toSeconds(), mib(t.mostHeld()),
                t.longestDrain() / 1e9, mix.flow().toSeconds()), mib(t.slowBytes()));
        md.append('\n');
        md.append(String.format(Locale.ROOT, "Connections of the mix that failed: %d. Samples in which a ping-pong or stream "
                + "connection got nothing back in the whole %d s: %d.%s%n%n", t.errorSamples().size(),
                timing.period().toSeconds(), t.starved(), t.errorSamples().isEmpty() ? ""
                        : " The first failures: " + String.join("; ", t.errorSamples()) + "."));

        md.append("## Samples\n\n");
        md.append("One a minute (every ").append(timing.period().toSeconds()).append(" s in `")
                .append(baseName(model)).append(".csv`). Time since the mix was up (m:ss); requests/s and MB/s over the "
                        + "10 s before the sample.\n\n");
        md.append("| time | open descriptors | threads | RSS, MiB | heap after GC, MiB | ping-pong requests/s | stream MB/s "
                + "| resets/s |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Sample> all = result.samples();
        double step = timing.period().toMillis() / 1000.0;
        long perMinute = Math.max(1, 60_000 / timing.period().toMillis());
        for (int i = 0; i < all.size(); i++) {
            Sample s = all.get(i); // sample i was due at i periods
            if (i % perMinute != 0 && i != all.size() - 1) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %s | %,.0f | %.1f | %.1f |%n",
                    Progress.clock(s.seconds()), s.descriptors(), s.threads(), s.rssKiB() / 1024.0,
                    s.heapKiB() < 0 ? "?" : String.format(Locale.ROOT, "%.1f", s.heapKiB() / 1024.0),
                    s.requests() / step, s.streamBytes() / step / 1e6, s.resets() / step));
        }
        md.append('\n');
        return md.toString();
    }

    /** The server's command with the jar's path from the repository, not the machine's. */
    private static List<String> shortened(List<String> command) {
        return command.stream().map(a -> a.endsWith(".jar") && a.contains("/target/")
                ? a.substring(a.lastIndexOf('/', a.indexOf("/target/") - 1) + 1) : a.contains("/bin/java") ? "java" : a).toList();
    }

    private static String num(double v, boolean whole) {
        return whole ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String signed(double v, boolean whole) {
        return whole ? String.format(Locale.ROOT, "%+,.0f", v) : String.format(Locale.ROOT, "%+.1f", v);
    }

    private static String mib(long bytes) {
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%,d B", bytes) : String.format(Locale.ROOT, "%,.1f MiB", bytes / 1048576.0);
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static void row3(StringBuilder md, String a, String b, String c) {
        md.append("| ").append(a).append(" | ").append(b).append(" | ").append(c).append(" |\n");
    }
}
