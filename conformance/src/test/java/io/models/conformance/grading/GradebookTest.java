package io.models.conformance.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.models.common.testkit.ChildServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The gradebook's steps, one student at a time: the submission file, a build that fails or hangs,
 * a server that exits or never listens; each gets its row, within its time limit, and nothing it
 * started is left running. The whole path with real servers is {@link TeacherPathTest}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GradebookTest {

    @BeforeAll
    static void linuxWithUtilLinux() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ChildServer.prlimitAvailable(), "needs prlimit (util-linux)");
    }

    /** One student's grading as {@code conformance gradebook --out OUT --build-timeout 2 --start-timeout 2} does it. */
    private static StudentGrading grading(Path out) {
        Gradebook g = new Gradebook();
        g.out = out;
        g.buildTimeout = 2;
        g.startTimeout = 2;
        return g.grading();
    }

    private static Rubric rubric(Path dir) throws Exception {
        return Rubric.read(Files.writeString(dir.resolve("rubric.txt"), "every-byte 60\nheld-1000 expect-fail\nhalf-close 40\n"));
    }

    private static Path student(Path root, String name, String submission) throws IOException {
        Path dir = Files.createDirectories(root.resolve("subs").resolve(name));
        if (submission != null) {
            Files.writeString(dir.resolve(Submission.FILE), submission);
        }
        return dir;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "NONE"                            | no-submission  | no submission.properties in the folder
            "# nothing"                       | bad-submission | submission.properties has no run= line
            "build=make"                      | bad-submission | submission.properties has no run= line
            "run=./server 8080"               | bad-submission | submission.properties: the run command has no {port}
            "run=./server {port}\\nbiuld=make" | bad-submission | submission.properties, line 2: 'biuld' is neither build nor run
            """)
    void aSubmissionFileThatCannotBeUsedIsItsRow(String file, String status, String detail, @TempDir Path tmp)
            throws Exception {
        Path dir = student(tmp, "s", file.equals("NONE") ? null : file.replace("\\n", "\n"));
        GradebookRow row = grading(tmp.resolve("out")).grade(dir, rubric(tmp), new Limits(1L << 30, 256, 100));
        assertThat(row.status().word()).isEqualTo(status);
        assertThat(row.detail()).startsWith(detail);
        assertThat(row.score()).isZero();
        assertThat(row.max()).isEqualTo(100);
        assertThat(row.cases()).containsExactly(Map.entry("every-byte", "0"), Map.entry("held-1000", ""),
                Map.entry("half-close", "0"));
        assertThat(tmp.resolve("out/s/results.json")).content().contains("\"score\": 0").contains("\"max_score\": 60");
        assertThat(tmp.resolve("out/s/conformance-report.md")).content().startsWith("# s: " + status + "\n");
    }

    @Test
    void aBuildThatFailsIsItsRowWithItsLastLines(@TempDir Path tmp) throws Exception {
        Path dir = student(tmp, "s", "build=echo 'server.c:3: error: expected ;' >&2; exit 4\nrun=./server {port}\n");
        GradebookRow row = grading(tmp.resolve("out")).grade(dir, rubric(tmp), new Limits(1L << 30, 256, 100));
        assertThat(row.status()).isEqualTo(GradebookRow.Status.BUILD_FAILED);
        assertThat(row.detail()).isEqualTo("the build exited with code 4: echo 'server.c:3: error: expected ;' >&2; exit 4; "
                + "its last lines: server.c:3: error: expected ;");
        assertThat(tmp.resolve("out/s/build.log")).content().contains("error: expected ;");
        assertThat(dir.resolve("server")).as("built in a copy: the student's folder is left as it was").doesNotExist();
    }

    @Test
    void aBuildThatHangsIsStoppedWithEverythingItStarted(@TempDir Path tmp) throws Exception {
        String sleep = "sleep " + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        Path dir = student(tmp, "s", "build=" + sleep + " & " + sleep + "\nrun=./server {port}\n");
        long start = System.nanoTime();
        GradebookRow row = grading(tmp.resolve("out")).grade(dir, rubric(tmp), new Limits(1L << 30, 256, 100));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(row.status()).isEqualTo(GradebookRow.Status.BUILD_TIMEOUT);
        assertThat(row.detail()).isEqualTo("the build was still running after 2 s, and was stopped: " + sleep + " & " + sleep);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(running(sleep)).isEmpty());
    }

    @Test
    void aServerThatExitsOrNeverListensIsItsRowAndIsStopped(@TempDir Path tmp) throws Exception {
        Path exits = student(tmp, "exits", "run=echo 'Address already in use' >&2; exit 3 # {port}\n");
        GradebookRow row = grading(tmp.resolve("out")).grade(exits, rubric(tmp), new Limits(1L << 30, 256, 100));
        assertThat(row.status()).isEqualTo(GradebookRow.Status.NO_START);
        assertThat(row.detail()).startsWith("the server exited (code 3) before anything listened on port ")
                .endsWith("its last lines: Address already in use");

        String sleep = "sleep " + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        Path silent = student(tmp, "silent", "run=" + sleep + " & " + sleep + " # {port}\n");
        row = grading(tmp.resolve("out")).grade(silent, rubric(tmp), new Limits(1L << 30, 256, 100));
        assertThat(row.status()).isEqualTo(GradebookRow.Status.START_TIMEOUT);
        assertThat(row.detail()).startsWith("nothing listened on port ").contains(" within 2 s");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(running(sleep)).isEmpty());
    }

    @Test
    void theCsvIsOneRowPerStudentInNameOrderQuotedWhereNeeded() throws Exception {
        Rubric r = RubricTest.parse("every-byte 60\nheld-1000 expect-fail\nhalf-close 40\n");
        String csv = GradebookRow.csv(r, List.of(
                new GradebookRow("zoe", GradebookRow.Status.GRADED, 60, 100,
                        Map.of("every-byte", "60", "held-1000", "failed-as-expected", "half-close", "0"), "", ""),
                new GradebookRow("adam", GradebookRow.Status.BUILD_FAILED, 0, 100,
                        Map.of("every-byte", "0", "held-1000", "", "half-close", "0"), "",
                        "make: \"server.c\", line 3, error\nnext")));
        assertThat(csv).isEqualTo("student,status,score,max_score,every-byte,held-1000,half-close,model,detail\r\n"
                + "adam,build-failed,0,100,0,,0,,\"make: \"\"server.c\"\", line 3, error\nnext\"\r\n"
                + "zoe,graded,60,100,60,failed-as-expected,0,,\r\n");
    }

    @Test
    void badFlagsAreOneLineAndExitTwo(@TempDir Path tmp) throws Exception {
        Path rubric = Files.writeString(tmp.resolve("r.txt"), "every-byte 1\n");
        assertThat(run(tmp.resolve("none").toString(), "--rubric", rubric.toString())).startsWith("2 ")
                .contains("is not a folder");
        assertThat(run(tmp.toString(), "--rubric", tmp.resolve("nope.txt").toString())).startsWith("2 ")
                .contains("cannot read it");
        assertThat(run(tmp.toString(), "--rubric", rubric.toString(), "--parallel", "0")).startsWith("2 ")
                .contains("'0' is not a number from 1 to 16");
        assertThat(run(tmp.toString(), "--rubric", rubric.toString(), "--memory", "lots")).startsWith("2 ")
                .contains("'lots' is not a size");
        assertThat(run(tmp.toString())).startsWith("2 ").contains("--rubric");
    }

    /** The processes whose command line contains {@code marker}. */
    static List<ProcessHandle> running(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)).toList();
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new Gradebook()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                .execute(args);
        return code + " " + out;
    }
}
