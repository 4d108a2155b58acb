package io.models.conformance.grading;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Chapters;
import io.models.common.chapter.Check;
import io.models.conformance.cases.Cases;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Each exercise's rubric: 100 points over every case of the checker, the cases its model fails by
 * design (as its chapter declares them) marked expect-fail with the reason in both languages, the
 * model case in 02..06; and the pages students read are exactly what the rubric file gives.
 */
class RubricPagesTest {

    static final Path EXERCISES = Path.of("..", "exercises");

    static Stream<String> exercises() throws IOException {
        try (Stream<Path> all = Files.list(EXERCISES)) {
            // the exercises with a server to grade (run.sh); 00-concepts is a worksheet only, with no rubric
            return all.filter(p -> Files.isRegularFile(p.resolve("run.sh"))).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("0\\d-.*")).sorted().toList().stream();
        }
    }

    @Test
    void thereAreSixExercises() throws IOException {
        assertThat(exercises()).containsExactly("01-blocking", "02-threadpool", "03-nonblocking", "04-select", "05-aio",
                "06-selectors");
    }

    @ParameterizedTest
    @MethodSource("exercises")
    void theRubricIsWorth100PointsOverEveryCaseAndExpectsTheFailuresItsChapterDeclares(String exercise) throws Exception {
        Rubric rubric = Rubric.read(EXERCISES.resolve(exercise).resolve("rubric.txt"));
        assertThat(rubric.maxScore()).as(exercise).isEqualTo(100);
        Set<String> named = rubric.items().stream().map(Rubric.Item::name).collect(Collectors.toSet());
        assertThat(named).as("%s names every case of the checker: one left out is never run when grading", exercise)
                .containsAll(Cases.names());
        Chapter chapter = Chapters.named(exercise);
        Check check = chapter.checks().getFirst(); // the chapter as it starts by default: the model of the exercise
        assertThat(check.args()).isEmpty();
        Set<String> byDesign = check.fails().stream().map(Check.Failure::testCase).collect(Collectors.toSet());
        Set<String> expected = rubric.items().stream().filter(Rubric.Item::expectFail).map(Rubric.Item::name)
                .collect(Collectors.toSet());
        assertThat(expected).as("%s's expected failures are its chapter's failures by design", exercise)
                .isEqualTo(byDesign);
        for (Rubric.Item item : rubric.items()) {
            if (item.expectFail()) {
                assertThat(item.note()).as("%s: why %s fails, in English", exercise, item.name()).isNotBlank();
                assertThat(item.noteZh()).as("%s: why %s fails, in Chinese", exercise, item.name()).isNotBlank();
            }
            if (item.note() != null || item.noteZh() != null) {
                assertThat(item.noteZh()).as("%s: %s's note in both languages", exercise, item.name()).isNotNull();
                assertThat(item.note()).as("%s: %s's note in both languages", exercise, item.name()).isNotNull();
            }
        }
        if (!exercise.startsWith("01")) {
            assertThat(rubric.item(Rubric.MODEL_CASE)).as("%s grades the model", exercise).isNotNull();
            assertThat(rubric.models()).as("%s names the model it expects", exercise).isNotEmpty();
            assertThat(rubric.item(Rubric.MODEL_CASE).points()).isPositive();
        }
        assertThat(rubric.title(Locale.ENGLISH)).startsWith(exercise);
        assertThat(rubric.title(Locale.CHINESE)).startsWith(exercise);
    }

    @ParameterizedTest
    @MethodSource("exercises")
    void thePagesAreWhatTheRubricGives(String exercise) throws Exception {
        Path file = EXERCISES.resolve(exercise).resolve("rubric.txt");
        Rubric rubric = Rubric.read(file);
        for (Locale language : List.of(Locale.ENGLISH, Locale.CHINESE)) {
            Path page = RubricPage.pagePath(file, language);
            assertThat(page).exists();
            assertThat(Files.readString(page, StandardCharsets.UTF_8))
                    .as("%s is out of date: java -jar conformance/target/conformance.jar rubric-page %s", page,
                            "exercises/" + exercise + "/rubric.txt")
                    .isEqualTo(RubricPage.page(rubric, language));
        }
        String zh = Files.readString(RubricPage.pagePath(file, Locale.CHINESE), StandardCharsets.UTF_8);
        assertThat(zh).contains("| `held-1000` |").contains("评分标准").contains("得分：N/100")
                .doesNotContain("a pass shows").doesNotContain("points");
        String en = Files.readString(RubricPage.pagePath(file, Locale.ENGLISH), StandardCharsets.UTF_8);
        assertThat(en).contains("--rubric exercises/" + exercise + "/rubric.txt").contains("| **total** | **100** |");
    }

    @Test
    void theCommandWritesThePagesAndCheckSaysWhichAreOutOfDate(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("rubric.txt"), "title mine\nevery-byte 60\nheld-1000 expect-fail\n"
                + "  note one at a time\n  note.zh 一次一个\nhalf-close 40\n");
        assertThat(run("--check", file.toString())).startsWith("1 ").contains(tmp.resolve("rubric.md") + " is out of date");
        assertThat(run(file.toString())).startsWith("0 ").contains("wrote " + tmp.resolve("rubric.md"))
                .contains("wrote " + tmp.resolve("rubric.zh.md"));
        assertThat(run("--check", file.toString())).isEqualTo("0 ");
        String en = Files.readString(tmp.resolve("rubric.md"));
        assertThat(en).startsWith("<!-- Generated from rubric.txt by: java -jar conformance/target/conformance.jar "
                + "rubric-page rubric.txt.").contains("# Rubric: mine\n")
                .contains("| `every-byte` | 60 | every byte value 0-255 comes back")
                .contains("| `held-1000` | one at a time | 1000 connections held open at once are all answered |")
                .doesNotContain("../../conformance"); // not an exercise's: no link that would not resolve
        Files.writeString(file, Files.readString(file).replace("60", "50"));
        assertThat(run("--check", file.toString())).startsWith("1 ");
        Files.writeString(tmp.resolve("bad.txt"), "every-bite 5\n");
        assertThat(run(tmp.resolve("bad.txt").toString())).startsWith("2 ").contains("'every-bite' is not a case");
    }

    /** The exit code, a space, and everything it printed. */
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new RubricPage()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                .execute(args);
        return code + " " + out;
    }
}
