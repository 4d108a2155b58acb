package io.models.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Runs a list of points and writes {@code <out>/<name>.md} and the charts beside it. */
final class Bench {

    /** What a run produced. */
    record Outcome(List<Result> results, Path report, List<Charts.Chart> charts, double elapsedSeconds) {
    }

    private Bench() {
    }

    /** Every row as CSV, for anyone who wants to plot or compare runs. */
    static String csv(List<Result> results) {
        StringBuilder b = new StringBuilder("shape,model,active,idle,message_bytes,ran,seconds,requests,reply_bytes,"
                + "requests_per_s,mb_per_s,p50_us,p99_us,p999_us,server_cpu_s,cpu_window_s,cpu_us_per_request,"
                + "threads,rss_kib,errors,starved,runs\n");
        for (Result r : results) {
            Load l = r.step().load();
            b.append(String.join(",", r.step().shape().name().toLowerCase(Locale.ROOT), '"' + r.step().subject().name() + '"',
                    Integer.toString(l.active()), Integer.toString(l.idle()), Integer.toString(l.messageBytes()),
                    Boolean.toString(r.ran()), num(r.seconds()), Long.toString(r.requests()), Long.toString(r.replyBytes()),
                    num(r.requestsPerSecond()), num(r.mbPerSecond()), us(r.p50Ns()), us(r.p99Ns()), us(r.p999Ns()),
                    num(r.cpuSeconds()), num(r.cpuWindow()), num(r.cpuPerRequestUs()), Integer.toString(r.threads()),
                    Long.toString(r.rssKiB()), Long.toString(r.errors()), Long.toString(r.starved()),
                    '"' + String.join(" ", r.trials().stream().map(Bench::num).toList()) + '"')).append('\n');
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String us(long ns) {
        return ns < 0 ? "" : String.format(Locale.ROOT, "%.1f", ns / 1e3);
    }

    /** A point run several times becomes one row, its median run (see {@link Result#median}). */
    static List<Result> merge(List<Result> results) {
        java.util.Map<Step.Key, List<Result>> byPoint = new java.util.LinkedHashMap<>();
        for (Result r : results) {
            byPoint.computeIfAbsent(r.step().key(), k -> new ArrayList<>()).add(r);
        }
        return byPoint.values().stream().map(Result::median).toList();
    }

    /**
     * @throws LoadGen.MismatchException if any reply was wrong: nothing is written then
     */
    static Outcome run(List<Step> steps, Runner.Env env, Path out, String name, String command, PrintStream console,
                       boolean terminal, boolean charts) throws IOException, InterruptedException {
        Runner runner = new Runner(env);
        double estimate = steps.stream().mapToDouble(runner::estimateSeconds).sum();
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String loadBefore = Machine.loadAverage();
        Progress progress = new Progress(console, terminal, estimate);
        console.printf("bench: %d points, about %s (m:ss); results go to %s%n", steps.size(),
                Progress.clock(estimate), out.resolve(name + ".md"));
        if (env.c().binary == null && steps.stream().anyMatch(s -> s.subject().isC())) {
            console.println("bench: " + env.c().note);
        }
        List<Result> results = new ArrayList<>();
        Set<String> skipNoted = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            progress.begin(i + 1, steps.size(), step.subject().name() + ": " + step.label());
            Result r;
            try {
                r = runner.run(step, progress);
            } catch (LoadGen.MismatchException e) {
                progress.finish();
                throw new LoadGen.MismatchException(step.subject().name() + ", " + step.label() + ": " + e.getMessage());
            }
            results.add(r);
            progress.end(runner.estimateSeconds(step));
            if (!r.ran() && skipNoted.add(r.skipped())) {
                progress.note("bench: skipped " + step.subject().name() + ": " + r.skipped());
            } else if (r.ran() && (r.errors() > 0 || (r.starved() > 0 && step.shape() != Shape.POOL))) {
                progress.note(String.format(Locale.ROOT, "bench: %s, %s: %d errors, %d starved connections%s",
                        step.subject().name(), step.label(), r.errors(), r.starved(),
                        r.notes().isEmpty() ? "" : " (" + String.join("; ", r.notes()) + ")"));
            }
        }
        progress.finish();
        double elapsed = progress.elapsedSeconds();
        results = merge(results);

        Files.createDirectories(out);
        List<Charts.Chart> drawn = List.of();
        String chartNote = charts ? null : "not drawn (--no-charts)";
        try {
            if (charts) {
                drawn = Charts.write(out, name, results);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            chartNote = "not drawn: " + e; // a JDK without fonts, for example
            console.println("bench: charts " + chartNote);
        }
        Report.Context ctx = new Report.Context(name, command, started, elapsed, Machine.describe(), env,
                Machine.revision(env.root()), loadBefore, Machine.loadAverage(), drawn, chartNote);
        Path report = out.resolve(name + ".md");
        Files.writeString(report, Report.markdown(ctx, results), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(name + ".csv"), csv(results), StandardCharsets.UTF_8);
        return new Outcome(results, report, drawn, elapsed);
    }
}
