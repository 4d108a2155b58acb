package io.models.bench.report;

import io.models.bench.load.Load;
import io.models.bench.load.Shape;
import io.models.bench.server.Machine;
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

        SettingsSection.append(md, ctx, results);

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
            ResultTables.table(md, shape, rows, target == null || target.pid() > 0);
            List<String> notes = new ArrayList<>();
            for (Measurement r : rows) {
                String who = r.step().subject().name() + ", " + r.step().label();
                if (r.trials().size() > 1) {
                    boolean mb = r.step().load().kind() == Load.Kind.STREAM;
                    notes.add(who + ": the median of " + r.trials().size() + " runs, which measured "
                            + String.join(", ", r.trials().stream().map(v -> mb ? Figures.f1(v) : String.format(Locale.ROOT, "%,.0f", v)).toList())
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
                ResultTables.table(md, shape, mine, true);
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

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
