package io.models.bench;

import io.models.bench.load.LoadGen;
import io.models.bench.load.Shape;
import io.models.bench.report.Charts;
import io.models.bench.report.Csv;
import io.models.bench.report.Report;
import io.models.bench.server.Machine;
import io.models.bench.server.Subject;
import io.models.bench.sweep.Measurement;
import io.models.bench.sweep.Progress;
import io.models.bench.sweep.Runner;
import io.models.bench.sweep.Step;
import io.models.bench.sweep.Targets;
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
    record Outcome(List<Measurement> results, Path report, List<Charts.Chart> charts, double elapsedSeconds) {
    }

    private Bench() {
    }

    /**
     * @param models every model the bench knows, in order (for the targets and the charts' colours)
     * @throws LoadGen.MismatchException if any reply was wrong: nothing is written then
     */
    static Outcome run(List<Step> steps, List<Subject> models, Runner.Env env, Path out, String name, String command,
                       PrintStream console, boolean terminal, boolean charts) throws IOException, InterruptedException {
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
        List<Measurement> results = new ArrayList<>();
        Set<String> skipNoted = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            progress.begin(i + 1, steps.size(), step.subject().name() + ": " + step.label());
            Measurement r;
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
        results = Measurement.merge(results);

        Files.createDirectories(out);
        List<Charts.Chart> drawn = List.of();
        String chartNote = charts ? null : "not drawn (--no-charts)";
        try {
            if (charts) {
                drawn = Charts.write(out, name, results, models.stream().map(Subject::name).toList());
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            chartNote = "not drawn: " + e; // a JDK without fonts, for example
            console.println("bench: charts " + chartNote);
        }
        Report.Context ctx = new Report.Context(name, command, started, elapsed, Machine.describe(), env,
                Machine.revision(env.root()), loadBefore, Machine.loadAverage(), drawn, chartNote, models);
        Path report = out.resolve(name + ".md");
        Files.writeString(report, Report.markdown(ctx, results), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(name + ".csv"), Csv.of(results), StandardCharsets.UTF_8);
        return new Outcome(results, report, drawn, elapsed);
    }

    /** What a person running the bench reads at the end: where the results are, and the targets met or missed. */
    static void summary(PrintStream stdout, Outcome outcome, List<Subject> models) {
        stdout.printf("bench: done in %s (m:ss): %s%n", Progress.clock(outcome.elapsedSeconds()), outcome.report());
        for (Charts.Chart c : outcome.charts()) {
            stdout.printf("       chart: %s%n", outcome.report().resolveSibling(c.file()));
        }
        for (Targets.Check check : Targets.check(outcome.results(), models)) {
            if (check.met() != null || check.reportOnly()) {
                stdout.printf("  %-7s %s: %s%n", check.reportOnly() ? "ratio" : check.met() ? "met" : "MISSED",
                        check.target(), check.measured().replace("**", ""));
            }
        }
        long bad = outcome.results().stream().filter(r -> r.ran() && r.errors() > 0).count();
        if (bad > 0) {
            stdout.printf("bench: %d point(s) had errors: see the notes under the tables in %s%n", bad, outcome.report());
        }
    }
}
