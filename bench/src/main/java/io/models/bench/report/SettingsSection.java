package io.models.bench.report;

import io.models.bench.server.Machine;
import io.models.bench.server.Placement;
import io.models.bench.server.RunningServer;
import io.models.bench.server.Subject;
import io.models.bench.sweep.Measurement;
import io.models.bench.sweep.Runner;
import io.models.common.chapter.ReadSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The report's section on the machine and the settings: what ran where and how, and what the columns mean. */
final class SettingsSection {

    private SettingsSection() {
    }

    static void append(StringBuilder md, Report.Context ctx, List<Measurement> results) {
        Runner.Timing t = ctx.env().timing();
        RunningServer target = ctx.env().target();
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
    }

    /** The read size of the rows whose read size a flag sets (the event-loop chapters, the C reference), as run. */
    static String readSizes(List<Subject> models, List<Measurement> results) {
        Map<Integer, List<String>> byKib = new TreeMap<>();
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

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
