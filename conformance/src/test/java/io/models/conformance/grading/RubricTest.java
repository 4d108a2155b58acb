package io.models.conformance.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import io.models.conformance.Verdict;
import io.models.conformance.cases.Cases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rubric's format, its one-line errors, how a run is scored, and Gradescope's results.json. */
class RubricTest {

    static final Path FILE = Path.of("r.txt");

    static Rubric parse(String text) throws Rubric.Invalid {
        return Rubric.parse(text, FILE, Rubric.knownCases());
    }

    static Verdict verdict(String name, Verdict.Status status, String why) {
        return new Verdict(name, status, why, Duration.ofMillis(10));
    }

    @Test
    void aRubricIsCasesWithPointsExpectedFailuresAndNotes() throws Exception {
        Rubric r = parse("""
                # a comment, then a blank line

                title     04-select (四、多路复用IO)
                title.zh  04-select（四、多路复用IO）
                every-byte        10
                held-1000         expect-fail
                  note     one at a time
                  note.zh  一次一个
                model             5  select,poll
                """);
        assertThat(r.items()).extracting(Rubric.Item::name).containsExactly("every-byte", "held-1000", "model");
        assertThat(r.items()).extracting(Rubric.Item::points).containsExactly(10, 0, 5);
        assertThat(r.items()).extracting(Rubric.Item::expectFail).containsExactly(false, true, false);
        assertThat(r.item("held-1000").note(Locale.ENGLISH)).isEqualTo("one at a time");
        assertThat(r.item("held-1000").note(Locale.CHINESE)).isEqualTo("一次一个");
        assertThat(r.item("every-byte").note(Locale.CHINESE)).isNull();
        assertThat(r.models()).containsExactly("select", "poll");
        assertThat(r.maxScore()).isEqualTo(15);
        assertThat(r.title(Locale.ENGLISH)).isEqualTo("04-select (四、多路复用IO)");
        assertThat(r.title(Locale.CHINESE)).isEqualTo("04-select（四、多路复用IO）");
        assertThat(r.file()).isEqualTo(FILE);
    }

    @Test
    void everyCaseOfTheCheckerAndTheModelCaseMayBeNamed() {
        assertThat(Rubric.knownCases()).containsAll(Cases.names()).contains(Rubric.MODEL_CASE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            nope 10                              | r.txt:1: 'nope' is not a case; the cases are: every-byte, one-byte-writes,
            every-byte 10\\nevery-byte 5         | r.txt:2: 'every-byte' is in this rubric already (line 1)
            every-byte ten                       | r.txt:1: 'ten' is neither a number of points (a whole number from 0 to 1000) nor expect-fail
            every-byte -1                        | r.txt:1: '-1' is neither a number of points
            every-byte 1001                      | r.txt:1: '1001' is neither a number of points
            every-byte                           | r.txt:1: 'every-byte' needs its points (a whole number) or expect-fail
            every-byte 10 select                 | r.txt:1: 'select' is one word too many
            held-1000 expect-fail 5              | r.txt:1: '5' is one word too many
            model 10 select now                  | r.txt:1: 'now' is one word too many
            model 10 Select;poll                 | r.txt:1: 'Select;poll' is not a model, nor models separated by commas
            "  note why"                         | r.txt:1: an indented line (note, note.zh) belongs under a case
            every-byte 10\\n  hint why           | r.txt:2: 'hint' is neither note nor note.zh
            every-byte 10\\n  note               | r.txt:2: note needs a text
            title                                | r.txt:1: title needs a text
            "# only a comment"                   | r.txt: no case in it
            """)
    void aWrongLineIsOneLineNamingTheFileAndTheLine(String text, String message) {
        assertThatThrownBy(() -> parse(text.replace("\\n", "\n"))).isInstanceOf(Rubric.Invalid.class)
                .hasMessageStartingWith(message).hasMessageNotContaining("\n");
    }

    @Test
    void aRubricThatCannotBeReadSaysSo() {
        assertThatThrownBy(() -> Rubric.read(Path.of("no", "such-rubric.txt"))).isInstanceOf(Rubric.Invalid.class)
                .hasMessageStartingWith("--rubric no/such-rubric.txt: cannot read it");
    }

    /** The rubric of the scoring tests: two scored cases that pass and fail, one skipped, two expected failures, one not run. */
    static final String SCORED = """
            every-byte        10
            one-byte-writes    5
            cleanup            5
            held-1000         expect-fail
              note  one at a time
            idle-cpu          expect-fail
            model             10 select
            """;

    static final List<Verdict> VERDICTS = List.of(
            verdict("every-byte", Verdict.Status.PASS, ""),
            verdict("one-byte-writes", Verdict.Status.FAIL, "0 of 1731 bytes came"),
            verdict("held-1000", Verdict.Status.FAIL, "1 of 1000 held connections were answered"),
            verdict("cleanup", Verdict.Status.SKIP, "needs --pid (it reads /proc/PID)"),
            verdict("idle-cpu", Verdict.Status.PASS, ""));

    @Test
    void aCaseEarnsItsPointsOnlyWhenItPassesAndAnExpectedFailureNeverCounts() throws Exception {
        Score s = Score.of(parse(SCORED), VERDICTS);
        assertThat(s.points()).isEqualTo(10);
        assertThat(s.max()).isEqualTo(30);
        assertThat(s.full()).isFalse();
        assertThat(s.line()).isEqualTo("score: 10/30");
        assertThat(s.lines()).extracting(Score.Line::name)
                .as("in the rubric's order").containsExactly("every-byte", "one-byte-writes", "cleanup", "held-1000",
                        "idle-cpu", "model");
        assertThat(s.lines()).extracting(Score.Line::outcome).containsExactly(Score.Outcome.PASSED,
                Score.Outcome.FAILED, Score.Outcome.SKIPPED, Score.Outcome.FAILED_AS_EXPECTED,
                Score.Outcome.PASSED_UNEXPECTEDLY, Score.Outcome.NOT_RUN);
        assertThat(s.lines()).extracting(Score.Line::points).containsExactly(10, 0, 0, 0, 0, 0);
        assertThat(s.lines()).extracting(Score.Line::status)
                .containsExactly("passed", "failed", "failed", "passed", "passed", "failed");
        assertThat(s.line("one-byte-writes").summary()).isEqualTo("failed: 0 of 1731 bytes came");
        assertThat(s.line("cleanup").summary()).isEqualTo("skipped, no points: needs --pid (it reads /proc/PID)");
        assertThat(s.line("held-1000").output()).isEqualTo("""
                failed, as this model does by design; no points either way: 1 of 1000 held connections were answered
                why this model fails it: one at a time
                a pass shows: 1000 connections held open at once are all answered""");
        assertThat(s.line("idle-cpu").summary()).startsWith("passed, though this model is expected to fail it");
        assertThat(s.line("model").summary()).as("until the checker has the model case")
                .isEqualTo("not run, no points: " + (Cases.named("model") == null ? "this checker has no such case yet"
                        : "not among the cases asked for (--cases)"));
        assertThat(Score.proves(s.line("model").item())).endsWith(": select");
        assertThat(Score.proves(parse("model 5 select,poll").item("model"))).endsWith(": select / poll");
        assertThat(Score.proves(parse("model 5").item("model"))).endsWith("the one --model asks for");
    }

    @Test
    void fullMarksAreEveryScoredCasePassedWhateverTheExpectedFailuresDid() throws Exception {
        Rubric r = parse("every-byte 10\nheld-1000 expect-fail\n");
        assertThat(Score.of(r, List.of(verdict("every-byte", Verdict.Status.PASS, ""),
                verdict("held-1000", Verdict.Status.FAIL, "1 of 1000"))).full()).isTrue();
        assertThat(Score.of(r, List.of(verdict("every-byte", Verdict.Status.PASS, ""),
                verdict("held-1000", Verdict.Status.PASS, ""))).full()).isTrue();
        assertThat(Score.of(r, List.of(verdict("every-byte", Verdict.Status.FAIL, "no"))).full()).isFalse();
    }

    @Test
    void withoutARubricEachCaseIsWorthOnePoint() {
        Rubric r = Grading.onePointEach(Cases.ALL.subList(0, 3));
        assertThat(r.items()).extracting(Rubric.Item::name).containsExactlyElementsOf(Cases.names().subList(0, 3));
        assertThat(r.maxScore()).isEqualTo(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void resultsJsonIsGradescopesFormat() throws Exception {
        Score s = Score.of(parse(SCORED), VERDICTS);
        String json = Gradescope.json(s, "score: 10/30 \"quoted\" \\ back\tslash\u0001 中文", Duration.ofMillis(12_600),
                Map.of("target", "127.0.0.1:8080"));
        Map<String, Object> top = JSON.std.mapFrom(json);
        assertThat(top).containsEntry("score", 10).containsEntry("execution_time", 13)
                .containsEntry("output", "score: 10/30 \"quoted\" \\ back\tslash\u0001 中文");
        List<Map<String, Object>> tests = (List<Map<String, Object>>) top.get("tests");
        assertThat(tests).hasSize(6);
        assertThat(tests).allSatisfy(t -> assertThat(t).containsKeys("name", "score", "max_score", "status", "output"));
        assertThat(tests.get(0)).containsEntry("name", "every-byte").containsEntry("score", 10)
                .containsEntry("max_score", 10).containsEntry("status", "passed");
        assertThat(tests.get(1)).containsEntry("name", "one-byte-writes").containsEntry("score", 0)
                .containsEntry("max_score", 5).containsEntry("status", "failed");
        assertThat((String) tests.get(1).get("output")).startsWith("failed: 0 of 1731 bytes came\na pass shows: ");
        assertThat(tests.get(3)).containsEntry("name", "held-1000").containsEntry("max_score", 0)
                .containsEntry("status", "passed");
        assertThat(tests.stream().mapToInt(t -> (Integer) t.get("score")).sum()).isEqualTo(top.get("score"));
        assertThat((Map<String, Object>) top.get("extra_data")).containsEntry("target", "127.0.0.1:8080")
                .containsEntry("max_score", 30);
    }

    @Test
    void theLimitsSizesReadAsAPersonWritesThem() {
        assertThat(Limits.bytes("8g")).isEqualTo(8L << 30);
        assertThat(Limits.bytes("512M")).isEqualTo(512L << 20);
        assertThat(Limits.bytes("64k")).isEqualTo(64L << 10);
        assertThat(Limits.bytes("1048576")).isEqualTo(1L << 20);
        for (String bad : List.of("", "g", "-1g", "0", "lots", "9999999999999g")) {
            assertThatThrownBy(() -> Limits.bytes(bad)).as(bad).isInstanceOf(NumberFormatException.class);
        }
        assertThat(new Limits(8L << 30, 4096, 100).prlimit()).startsWith("prlimit", "--as=8589934592", "--nofile=4096")
                .endsWith("--core=0", "--");
    }
}
