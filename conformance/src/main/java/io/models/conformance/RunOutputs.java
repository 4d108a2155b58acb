package io.models.conformance;

import io.models.common.cli.Cli;
import io.models.conformance.grading.Grading;
import io.models.conformance.grading.Rubric;
import io.models.conformance.grading.Score;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What the checker prints and writes once its cases have run (the totals, the score, the report
 * folder, the Gradescope file), and the exit code it ends with.
 *
 * @param reportDir {@code --report-dir}, or null
 * @param gradescopeFile {@code --gradescope}, or null
 * @param rubricGiven true with {@code --rubric}: the score is printed, reported and decides the exit code
 */
record RunOutputs(Path reportDir, Path gradescopeFile, boolean rubricGiven) {

    /** Prints and writes what {@code run} found, scored by {@code rubric} (null if none); returns the exit code. */
    int finish(Reports.Run run, Rubric rubric, PrintWriter out, PrintWriter err) {
        long skipped = run.count(Verdict.Status.SKIP);
        out.println(Messages.get(skipped == 0 ? "main.totals" : "main.totals-skipped", run.count(Verdict.Status.PASS),
                run.count(Verdict.Status.FAIL), skipped));
        Score score = rubric == null ? null : Score.of(rubric, run.results());
        if (score != null && rubricGiven) {
            out.println(score.line());
        }
        Path writing = reportDir;
        try {
            if (reportDir != null) {
                Reports.write(reportDir, run, rubricGiven ? score : null);
            }
            writing = gradescopeFile;
            if (gradescopeFile != null) {
                Grading.write(gradescopeFile, Reports.gradescope(run, score));
            }
        } catch (IOException e) {
            err.println(Main.PREFIX + Messages.get("main.cannot-write", writing, e.getMessage()));
            return Cli.FAILED;
        }
        if (rubricGiven) {
            return score.full() ? 0 : Cli.FAILED;
        }
        return run.count(Verdict.Status.FAIL) == 0 ? 0 : Cli.FAILED;
    }
}
