package io.models.bench.report;

import io.models.bench.load.Load;
import io.models.bench.load.Shape;
import io.models.bench.server.Machine;
import io.models.bench.server.Placement;
import io.models.common.chapter.ReadSize;
import io.models.bench.server.RunningServer;
import io.models.bench.server.Subject;
import io.models.bench.sweep.Measurement;
import io.models.bench.sweep.Progress;
import io.models.bench.sweep.Runner;
import io.models.bench.sweep.Step;
import io.models.bench.sweep.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results as Markdown: the machine and settings, the targets, then one table per load shape. */
public final class Report {

    /**
     * Everything the report says besides the rows.
     *
     * @param name          the results' name ({@code latest})
     * @param command       the command line that produced them
     * @param started       when, as text
     * @param elapsedSeconds how long the whole sweep took
     * @param loadBefore    the machine's load average before and after
     * @param charts        the chart files written, relative to the report (empty if none)
     * @param chartNote     why there are no charts, or null
     * @param models        every model the bench knows, in order (the targets of those not run say so)
     */
    public record Context(String name, String command, String started, double elapsedSeconds, Machine machine,
                          Runner.Env env, String revision, String loadBefore, String loadAfter, List<Charts.Chart> charts,
                          String chartNote, List<Subject> models) {
    }

    private Report() {
    }

    public static String markdown(Context ctx, List<Measurement> results) {
        StringBuilder md = new StringBuilder();
        Runner.Timing t = ctx.env().timing();
        RunningServer target = ctx.env().target();
        md.append("# Benchmark results: ").append(ctx.name()).append("\n\n");
        md.append("Produced by `").append(ctx.command()).append("` on ").append(ctx.started())
                .append(", in ").append(Progress.clock(ctx.elapsedSeconds())).append(" (m:ss). ")
                .append(target != null
                        ? "The server at " + target.hostPort() + " was running already: the bench neither started nor "
                                + "stopped it, so every row measured the same process, one after the other"
                        : "Every server ran as its own process, one process per row, started on a free port and "
                                + "stopped after its row")
                .append("; every byte of every reply was checked.\n\n");

        md.append("## The machine and the settings\n\n");
        md.append("| | |\n|---|---|\n");
        Machine m = ctx.machine();
        row(md, "CPU", m.cpu() + ", " + m.cores() + " cores");
        row(md, "memory", m.memory());
        row(md, "OS", m.os());
        row(md, target == null ? "JDK (bench and servers)" : "JDK (the bench)", m.jdk());
        if (target != null) {
            row(md, "server", target.hostPort() + (target.pid() > 0 ? ", process " + target.pid()
                    : "; no --pid, so its CPU, threads and RSS were not measured"));
        } else {
            row(md, "code measured", ctx.revision() + " (the chapters' jars as built from it)");
            List<String> own = results.stream().map(r -> r.step().subject()).filter(s -> !s.jvmFlags().isEmpty())
                    .map(s -> s.module() + " `" + String.join(" ", s.jvmFlags()) + "`").distinct().toList();
            row(md, "server JVM flags", "`" + String.join(" ", ctx.env().jvmFlags()) + "`"
                    + (own.isEmpty() ? "" : "; and a chapter's own, as its descriptor says: " + String.join(", ", own)));
            row(md, "C reference", ctx.env().c().binary != null ? ctx.env().c().compiler
                    : "skipped: " + ctx.env().c().note);
        }
        boolean local = target == null || target.address().getAddress().isLoopbackAddress();
        Placement place = ctx.env().placement();
        row(md, "load generator", ctx.env().clientThreads() + " thread(s) with an epoll `Selector` each, in the "
                + "bench's JVM (at most one per core it may use when pinned)" + (local ? "" : ", connecting from this machine")
                + "; for the headline points also `bench/c/loadgen.c`, one thread, epoll, in its own process: "
                + (ctx.env().cLoadGen().binary != null ? "built with " + (ctx.env().c().compiler != null ? ctx.env().c().compiler : "gcc -O2")
                : "skipped: " + ctx.env().cLoadGen().note));
        if (target == null) {
            row(md, "cores", place.describe() + (place.pinned()
                    ? "; the second table's rows are not pinned (both on cores " + Placement.list(place.all()) + ")" : ""));
            row(md, "read size", readSizes(ctx.models(), results));
        }
        row(md, "per row", String.format(Locale.ROOT, "warm-up %.1f s (not measured), then %.1f s measured; idle: "
                        + "%.1f s to settle, %.1f s measured", seconds(t.warmup()), seconds(t.window()),
                seconds(t.idleSettle()), seconds(t.idleWindow())));
        row(md, "load average (1/5/15 min)", "before: " + ctx.loadBefore() + "; after: " + ctx.loadAfter());
        md.append("\nrequests/s and MB/s count replies received and checked in the window (MB = 10^6 bytes of "
                + "reply); latency is from writing a request to having its whole reply (µs); server CPU is "
                + "user + system time of the server process from `/proc/PID/stat` over the window; threads and RSS "
                + "are the most `/proc/PID/status` showed in the window; errors are connections that failed "
                + "(refused, reset, closed by the server) or a server that died; starved are active connections "
                + "that got nothing back in the whole window, and idle ones whose one request was never answered; "
                + "load generator CPU is its user + system time over the window (the Java one's load threads, the C "
                + "one's process). A row is **load-bound** when the load generator used at least "
                + Math.round(Measurement.SATURATED * 100) + "% of the cores it could use and the server less than that of "
                + "its own (not pinned: of what the load generator left): it measured the load generator, and no ratio "
                + "is drawn from it.\n\n");

        if (target == null) { // the targets compare chapters
            md.append("## Targets\n\n");
            md.append("| target | measured (same run) | verdict |\n|---|---|---|\n");
            for (Targets.Check c : Targets.check(results, ctx.models())) {
                md.append("| ").append(c.target()).append(" | ").append(c.measured()).append(" | ")
                        .append(c.verdict()).append(" |\n");
            }
            md.append('\n');
        }

        if (!ctx.charts().isEmpty()) {
            md.append("## Charts\n\n");
            for (Charts.Chart c : ctx.charts()) {
                md.append("![").append(c.title()).append("](").append(c.file()).append(")\n\n");
            }
        } else if (ctx.chartNote() != null) {
            md.append("Charts: ").append(ctx.chartNote()).append("\n\n");
        }

        List<Measurement> second = results.stream().filter(r -> !r.step().main()).toList();
        for (Shape shape : Shape.values()) {
            List<Measurement> rows = results.stream().filter(r -> r.step().shape() == shape && r.step().main()).toList();
            if (rows.isEmpty()) {
                continue;
            }
            List<String> oneAtATime = rows.stream().map(r -> r.step().subject()).filter(s -> !s.concurrent())
                    .map(Subject::name).distinct().toList();
            md.append("## ").append(capital(shape.title)).append("\n\n").append(shape.description(oneAtATime)).append("\n\n");
            table(md, shape, rows, target == null || target.pid() > 0);
            List<String> notes = new ArrayList<>();
            for (Measurement r : rows) {
                String who = r.step().subject().name() + ", " + r.step().label();
                if (r.trials().size() > 1) {
                    boolean mb = r.step().load().kind() == Load.Kind.STREAM;
                    notes.add(who + ": the median of " + r.trials().size() + " runs, which measured "
                            + String.join(", ", r.trials().stream().map(v -> mb ? f1(v) : String.format(Locale.ROOT, "%,.0f", v)).toList())
                            + (mb ? " MB/s" : " requests/s"));
                }
                if (!r.ran()) {
                    notes.add(who + ": skipped: " + r.skipped());
                }
                for (String n : r.notes()) {
                    notes.add(who + ": " + n);
                }
            }
            if (!notes.isEmpty()) {
                md.append('\n');
                for (String n : notes) {
                    md.append("- ").append(n.replace("\n", " ")).append('\n');
                }
            }
            md.append('\n');
        }
        section(md, "The C load generator", "The headline points again, driven by `bench/c/loadgen.c` (one thread, "
                + "epoll, every byte checked, pinned to the load generator's first core when the rows are pinned), "
                + "so that each headline ratio is measured by two clients that share no code; the targets above "
                + "show both ratios.", second.stream().filter(r -> r.step().generator() == Step.Generator.C).toList());
        section(md, "Not pinned, for comparison", "The headline points once more with the bench's load generator, "
                + "the server and the load generator **not pinned**: they share every core, so a server with more "
                + "threads takes more CPU from the load generator. One run each; no target is judged from them.",
                second.stream().filter(r -> r.step().shared()).toList());
        return md.toString();
    }

    private static void section(StringBuilder md, String title, String what, List<Measurement> rows) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## ").append(title).append("\n\n").append(what).append("\n\n");
        for (Shape shape : Shape.values()) {
            List<Measurement> mine = rows.stream().filter(r -> r.step().shape() == shape).toList();
            if (!mine.isEmpty()) {
                md.append("### ").append(capital(shape.title)).append("\n\n");
                table(md, shape, mine, true);
                for (Measurement r : mine) {
                    if (!r.ran()) {
                        md.append("\n- ").append(r.step().subject().name()).append(": skipped: ").append(r.skipped());
                    }
                    for (String n : r.notes()) {
                        md.append("\n- ").append(r.step().subject().name()).append(": ").append(n.replace("\n", " "));
                    }
                }
                md.append("\n\n");
            }
        }
    }

    /** The read size of the rows whose read size a flag sets (the event-loop chapters, the C reference), as run. */
    static String readSizes(List<Subject> models, List<Measurement> results) {
        java.util.Map<Integer, List<String>> byKib = new java.util.TreeMap<>();
        for (Subject s : results.stream().map(r -> r.step().subject()).distinct().toList()) {
            if (s.readKib() > 0) {
                List<String> names = byKib.computeIfAbsent(s.readKib(), k -> new ArrayList<>());
                if (!names.contains(s.module())) {
                    names.add(s.module());
                }
            }
        }
        List<String> parts = byKib.entrySet().stream().map(e -> e.getKey() + " KiB a read: " + String.join(", ", e.getValue())).toList();
        return (parts.isEmpty() ? "" : String.join("; ", parts) + " (one read buffer per loop thread, `"
                + ReadSize.FLAG_NAME + "`, `bench --read-kib`); ") + "every other chapter sizes its buffers itself (one per connection)";
    }

    /** @param proc false if the server's process was not known: its CPU, threads and RSS say "not measured" */
    private static void table(StringBuilder md, Shape shape, List<Measurement> rows, boolean proc) {
        Cells c = new Cells(proc);
        switch (shape) {
            case PING_PONG_64, PING_PONG_4K, POOL, HEAVY, HOLD -> {
                md.append("| model | connections | requests/s | MB/s | p50 µs | p99 µs | p99.9 µs | server CPU s "
                        + "| load generator CPU s | CPU µs/request | threads | RSS MiB | errors | starved |\n");
                md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
                for (Measurement r : rows) {
                    cells(md, r, name(r), num(r.connections()), rate(r), mb(r), us(r.p50Ns()),
                            us(r.p99Ns()), us(r.p999Ns()), c.cpu(r), genCpu(r), c.perRequest(r), c.threads(r), c.rss(r), errs(r), starved(r));
                }
            }
            case MIXED -> {
                md.append("| model | idle | active | requests/s | p50 µs | p99 µs | p99.9 µs | server CPU s "
                        + "| CPU µs/request | threads | RSS MiB | errors | starved |\n");
                md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
                for (Measurement r : rows) {
                    cells(md, r, name(r), num(r.step().load().idle()), num(r.step().load().active()),
                            rate(r), us(r.p50Ns()), us(r.p99Ns()), us(r.p999Ns()), c.cpu(r), c.perRequest(r), c.threads(r),
                            c.rss(r), errs(r), starved(r));
                }
            }
            case STREAM -> {
                md.append("| model | connections | MB/s | server CPU s | load generator CPU s | CPU ms/MB | threads | RSS MiB | errors | starved |\n");
                md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
                for (Measurement r : rows) {
                    cells(md, r, name(r), num(r.connections()), mb(r), c.cpu(r), genCpu(r), c.perMb(r), c.threads(r),
                            c.rss(r), errs(r), starved(r));
                }
            }
            case IDLE -> {
                md.append("| model | idle connections | server CPU, % of one core | server CPU s | threads | RSS MiB | errors | unanswered |\n");
                md.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
                for (Measurement r : rows) {
                    cells(md, r, r.step().subject().name(), num(r.connections()), c.cpuPercent(r), c.cpu(r), c.threads(r),
                            c.rss(r), errs(r), starved(r));
                }
            }
        }
    }

    public static final String NOT_MEASURED = "not measured";

    /** The cells read from the server's process: "not measured" where its process was not known. */
    private record Cells(boolean proc) {
        String cpu(Measurement r) {
            return proc ? Report.cpu(r) : NOT_MEASURED;
        }

        String cpuPercent(Measurement r) {
            return !proc ? NOT_MEASURED : Double.isNaN(r.cpuSeconds()) ? "—" : f2(r.cpuPercent()) + "%";
        }

        String perMb(Measurement r) {
            return !proc ? NOT_MEASURED : r.replyBytes() > 0 && !Double.isNaN(r.cpuSeconds())
                    ? f2(r.cpuSeconds() * 1e3 / (r.replyBytes() / 1e6)) : "—";
        }

        String perRequest(Measurement r) {
            return proc ? Report.perRequest(r) : NOT_MEASURED;
        }

        String threads(Measurement r) {
            return proc ? Report.threads(r) : NOT_MEASURED;
        }

        String rss(Measurement r) {
            return proc ? Report.rss(r) : NOT_MEASURED;
        }
    }

    private static void cells(StringBuilder md, Measurement r, String... cells) {
        if (!r.ran()) {
            md.append("| ").append(cells[0]).append(" | ").append(cells[1]).append(" | skipped");
            for (int i = 3; i < cells.length; i++) {
                md.append(" | ");
            }
            md.append(" |\n");
            return;
        }
        md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
    }

    /** The model, and **load-bound** where the row measured its load generator. */
    static String name(Measurement r) {
        return r.step().subject().name() + (r.loadBound() ? " **load-bound**" : "");
    }

    static String genCpu(Measurement r) {
        double g = r.sides().generatorCpuSeconds();
        return Double.isNaN(g) ? "—" : f2(g);
    }

    static String rate(Measurement r) {
        return String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond());
    }

    static String mb(Measurement r) {
        return f1(r.mbPerSecond());
    }

    static String cpu(Measurement r) {
        return Double.isNaN(r.cpuSeconds()) ? "—" : f2(r.cpuSeconds());
    }

    static String perRequest(Measurement r) {
        double v = r.cpuPerRequestUs();
        return Double.isNaN(v) || Double.isInfinite(v) ? "—" : f1(v);
    }

    static String threads(Measurement r) {
        return r.threads() > 0 ? Integer.toString(r.threads()) : "—";
    }

    static String rss(Measurement r) {
        return r.rssKiB() > 0 ? String.format(Locale.ROOT, "%.0f", r.rssMiB()) : "—";
    }

    static String errs(Measurement r) {
        return r.errors() == 0 ? "0" : "**" + r.errors() + "**";
    }

    static String starved(Measurement r) {
        return r.starved() == 0 ? "0" : "**" + num(r.starved()) + "**";
    }

    /** ns to µs: one decimal below 100 µs, none above. */
    static String us(long ns) {
        if (ns < 0) {
            return "—";
        }
        double us = ns / 1e3;
        return us < 100 ? f1(us) : String.format(Locale.ROOT, "%,.0f", us);
    }

    static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
