package io.models.conformance.grading;

import io.models.conformance.Messages;
import io.models.conformance.Verdict;
import io.models.conformance.cases.Cases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;

/**
 * A run's verdicts scored by a rubric: a scored case earns its points when it passes and nothing
 * otherwise (failed, skipped for want of {@code --pid}, or not run); an expected failure earns
 * nothing either way and costs nothing either way.
 *
 * @param rubric the rubric's file
 * @param lines  one per case of the rubric, in the rubric's order
 * @param points the total earned
 * @param max    the rubric's total
 */
public record Score(Path rubric, List<Line> lines, int points, int max) {

    public enum Outcome { PASSED, FAILED, SKIPPED, NOT_RUN, FAILED_AS_EXPECTED, PASSED_UNEXPECTEDLY }

    /**
     * One case's points.
     *
     * @param why what the checker said (empty for a pass)
     */
    public record Line(Rubric.Item item, Outcome outcome, int points, String why) {

        public String name() {
            return item.name();
        }

        public int max() {
            return item.points();
        }

        /** Gradescope's {@code status}: "failed" if points were lost here, else "passed" (an expected failure costs nothing). */
        public String status() {
            return points < max() ? "failed" : "passed";
        }

        /** One line: the outcome, with what the checker said. */
        public String summary() {
            return switch (outcome) {
                case PASSED -> Messages.get("grading.passed");
                case FAILED -> Messages.get("grading.failed", why);
                case SKIPPED -> Messages.get("grading.skipped", why);
                case NOT_RUN -> Messages.get("grading.not.run", why);
                case FAILED_AS_EXPECTED -> Messages.get("grading.expected.failed", why);
                case PASSED_UNEXPECTEDLY -> Messages.get("grading.expected.passed");
            };
        }

        /** What a student reads for this case: the outcome, why the model fails it (if it is expected to), what a pass shows. */
        public String output() {
            List<String> lines = new ArrayList<>(List.of(summary()));
            String note = item.note(Messages.language());
            if (item.expectFail() && note != null) {
                lines.add(Messages.get("grading.expected.why", note));
            }
            lines.add(Messages.get("grading.shows", proves(item)));
            return String.join("\n", lines);
        }
    }

    /** What a pass of the rubric's case shows, in the current language. */
    public static String proves(Rubric.Item item) {
        return proves(item, Messages.language());
    }

    /** What a pass of the rubric's case shows, in {@code language}. */
    public static String proves(Rubric.Item item, Locale language) {
        if (item.name().equals(Rubric.MODEL_CASE)) {
            return item.argument() == null ? Messages.in(language, "grading.case.model.any")
                    : Messages.in(language, "grading.case.model", String.join(" / ", item.argument().split(",")));
        }
        try {
            return Messages.in(language, "case." + item.name()); // the checker's own description, where it has one
        } catch (MissingResourceException notYet) {
            return Messages.in(language, "grading.case." + item.name(), "");
        }
    }

    /** Scores {@code verdicts} (the cases that ran) by {@code rubric}; a case of the rubric that did not run scores 0. */
    public static Score of(Rubric rubric, List<Verdict> verdicts) {
        List<Line> lines = new ArrayList<>();
        int points = 0;
        for (Rubric.Item item : rubric.items()) {
            Verdict v = verdicts.stream().filter(r -> r.name().equals(item.name())).findFirst().orElse(null);
            Outcome outcome;
            if (v == null) {
                outcome = Outcome.NOT_RUN;
            } else if (item.expectFail() && v.status() != Verdict.Status.SKIP) {
                outcome = v.status() == Verdict.Status.PASS ? Outcome.PASSED_UNEXPECTEDLY : Outcome.FAILED_AS_EXPECTED;
            } else {
                outcome = switch (v.status()) {
                    case PASS -> Outcome.PASSED;
                    case FAIL -> Outcome.FAILED;
                    case SKIP -> Outcome.SKIPPED;
                };
            }
            int earned = outcome == Outcome.PASSED ? item.points() : 0;
            points += earned;
            String why = v != null ? v.why()
                    : Cases.named(item.name()) == null ? Messages.get("grading.not.in.checker") : Messages.get("grading.not.asked");
            lines.add(new Line(item, outcome, earned, why));
        }
        return new Score(rubric.file(), List.copyOf(lines), points, rubric.maxScore());
    }

    /** The score of a submission the checker never ran against: nothing earned, each case "not run" for {@code why}. */
    public static Score none(Rubric rubric, String why) {
        List<Line> lines = rubric.items().stream().map(i -> new Line(i, Outcome.NOT_RUN, 0, why)).toList();
        return new Score(rubric.file(), lines, 0, rubric.maxScore());
    }

    /** {@code score: N/M}, the line the checker prints last. */
    public String line() {
        return Messages.get("grading.score", String.valueOf(points), String.valueOf(max));
    }

    public Line line(String name) {
        return lines.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }

    /** True if every scored case earned its points. */
    public boolean full() {
        return points == max;
    }
}
