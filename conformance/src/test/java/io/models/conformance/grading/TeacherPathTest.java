package io.models.conformance.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.jr.ob.JSON;
import io.models.common.testkit.ChildServer;
import io.models.conformance.Main;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A teacher's path, from this build: one command grades a folder of six submissions of exercise
 * 04 in three languages, made from the exercises' own files: the Python and the C solutions
 * (correct), the note's Python mistake of removing a finished socket without closing it, the Java
 * starter as handed out (it closes every client), a C starter that does not compile, and a Python
 * server that never listens and leaves a child behind. The CSV and each student's results.json
 * say what happened to each, and nothing a student started is left running.
 *
 * <p>A fast rubric (six cases, one expected failure) keeps it to about a minute on two cores.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TeacherPathTest {

    static final Path EXERCISES = Path.of("..", "exercises").toAbsolutePath().normalize();
    static final String RUBRIC = """
            title  a fast rubric for the gradebook's test
            every-byte        20
            one-byte-writes   10
            random-chunks     20
            concurrent-100    10
            half-close        20
            idle-client-blocks-others expect-fail
              note   (not this exercise's: a case that passes, to see such a cell)
              note.zh （不是本练习的：一个会通过的用例，用来看这种单元格）
            cleanup           20
            """;

    @Test
    void oneCommandGradesAFolderOfSixSubmissionsInThreeLanguages(@TempDir Path tmp) throws Exception {
        for (String tool : List.of("python3", "make", "cc", "setsid", "prlimit")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(onPath(tool), "needs " + tool);
        }
        String marker = UUID.randomUUID().toString();
        Path subs = Files.createDirectories(tmp.resolve("submissions"));
        submissions(subs, marker);
        Path rubric = Files.writeString(tmp.resolve("fast.txt"), RUBRIC);
        Path out = tmp.resolve("grades");

        long start = System.nanoTime();
        Run run = gradebook(List.of(subs.toString(), "--rubric", rubric.toString(), "--out", out.toString(),
                "--parallel", "3", "--start-timeout", "10", "--lang", "en"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).contains("graded 6 submissions: " + out.resolve("gradebook.csv"));

        List<String> csv = Files.readAllLines(out.resolve("gradebook.csv"));
        assertThat(csv.get(0)).isEqualTo("student,status,score,max_score,every-byte,one-byte-writes,random-chunks,"
                + "concurrent-100,half-close,idle-client-blocks-others,cleanup,model,detail");
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : csv.subList(1, csv.size())) {
            rows.put(line.split(",", 2)[0], line.split(",", 13));
        }
        assertThat(rows.keySet()).as(String.join("\n", csv)).containsExactly("ada-python-solution", "bo-c-solution",
                "cy-java-starter", "di-python-no-close", "eve-c-does-not-build", "finn-python-never-listens");
        assertRow(rows, "ada-python-solution", "graded", "100", "20,10,20,10,20,passed-unexpectedly,20");
        assertRow(rows, "bo-c-solution", "graded", "100", "20,10,20,10,20,passed-unexpectedly,20");
        assertRow(rows, "cy-java-starter", "graded", "0", "0,0,0,0,0,failed-as-expected,0");
        assertRow(rows, "di-python-no-close", "graded", "80", "20,10,20,10,0,passed-unexpectedly,20");
        assertRow(rows, "eve-c-does-not-build", "build-failed", "0", "0,0,0,0,0,,0");
        assertRow(rows, "finn-python-never-listens", "start-timeout", "0", "0,0,0,0,0,,0");
        assertThat(rows.get("eve-c-does-not-build")[12]).contains("the build exited with code 2: make").contains("error");
        assertThat(rows.get("finn-python-never-listens")[12]).contains("nothing listened on port").contains("within 10 s")
                .contains("its last lines: starting");

        for (String student : rows.keySet()) {
            Map<String, Object> json = JSON.std.mapFrom(Files.readString(out.resolve(student).resolve("results.json")));
            assertThat(json.get("score")).as(student).hasToString(rows.get(student)[2]);
            List<?> tests = (List<?>) json.get("tests");
            assertThat(tests).as(student).hasSize(7);
            int sum = 0;
            for (Object t : tests) {
                Map<?, ?> test = (Map<?, ?>) t;
                assertThat(test.keySet().stream().map(Object::toString).toList()).as(student)
                        .contains("name", "score", "max_score", "status", "output");
                sum += (Integer) test.get("score");
            }
            assertThat(sum).as(student + ": the tests add up to the score").hasToString(rows.get(student)[2]);
            assertThat(out.resolve(student).resolve("conformance-report.md")).as(student).exists();
        }
        Map<?, ?> halfClose = (Map<?, ?>) ((List<?>) JSON.std.mapFrom(
                Files.readString(out.resolve("di-python-no-close/results.json"))).get("tests")).get(4);
        assertThat(halfClose.get("name")).isEqualTo("half-close");
        assertThat(halfClose.get("status")).isEqualTo("failed");
        assertThat((String) halfClose.get("output")).contains("no end of stream");
        assertThat(out.resolve("cy-java-starter/checker.log")).content().contains("FAIL every-byte");
        assertThat(out.resolve("bo-c-solution/build.log")).exists();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(GradebookTest.running(marker))
                .as("every process a student started is gone").isEmpty());
        assertThat(took).as("bounded: six students, three at a time").isLessThan(Duration.ofMinutes(4));
    }

    private static void assertRow(Map<String, String[]> rows, String student, String status, String score, String cases) {
        String[] row = rows.get(student);
        assertThat(row[1]).as(student + ": " + String.join(",", row)).isEqualTo(status);
        assertThat(row[2]).as(student + ": " + String.join(",", row)).isEqualTo(score);
        assertThat(row[3]).isEqualTo("100");
        assertThat(String.join(",", Arrays.copyOfRange(row, 4, 11))).as(student + ": " + String.join(",", row))
                .isEqualTo(cases);
    }

    /** The six students, built from the exercises' own starters and solutions. */
    static void submissions(Path subs, String marker) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin");
        Path sol = EXERCISES.resolve("solutions/04-select");

        Path ada = Files.createDirectories(subs.resolve("ada-python-solution"));
        Files.copy(sol.resolve("python/server.py"), ada.resolve("server.py"));
        Files.writeString(ada.resolve(Submission.FILE), "# the note's language\nrun=python3 server.py {port}\n");

        Path bo = Files.createDirectories(subs.resolve("bo-c-solution"));
        Files.copy(sol.resolve("c/server.c"), bo.resolve("server.c"));
        Files.copy(sol.resolve("c/Makefile"), bo.resolve("Makefile"));
        Files.writeString(bo.resolve(Submission.FILE), "build=make\nrun=./server {port}\n");

        Path cy = Files.createDirectories(subs.resolve("cy-java-starter/src"));
        Files.copy(EXERCISES.resolve("04-select/src/main/java/io/models/exercises/select/Starter.java"),
                cy.resolve("Starter.java"));
        Files.copy(EXERCISES.resolve("kit/src/main/java/io/models/exercises/kit/Kit.java"), cy.resolve("Kit.java"));
        Files.writeString(cy.getParent().resolve(Submission.FILE), "build=" + java.resolve("javac")
                + " -d classes src/*.java\nrun=" + java.resolve("java") + " -cp classes "
                + "--add-exports java.base/sun.nio.ch=ALL-UNNAMED io.models.exercises.select.Starter --port {port}\n");

        Path di = Files.createDirectories(subs.resolve("di-python-no-close"));
        String solution = Files.readString(sol.resolve("python/server.py"));
        String close = "if not data:                  # b'': the client has finished, nothing is kept for it\n"
                + "                    close(ready_obj)";
        assertThat(solution).as("the line the mistake replaces").contains(close);
        Files.writeString(di.resolve("server.py"), solution.replace(close, close.replace("close(ready_obj)",
                "read_l.remove(ready_obj)  # the note's 四: removed, never closed")));
        Files.writeString(di.resolve(Submission.FILE), "run=python3 server.py {port}\n");

        Path eve = Files.createDirectories(subs.resolve("eve-c-does-not-build"));
        Files.writeString(eve.resolve("server.c"), Files.readString(EXERCISES.resolve("04-select/c/server.c"))
                + "\nthis line is not C\n");
        Files.copy(EXERCISES.resolve("04-select/c/Makefile"), eve.resolve("Makefile"));
        Files.writeString(eve.resolve(Submission.FILE), "build=make\nrun=./server {port}\n");

        Path finn = Files.createDirectories(subs.resolve("finn-python-never-listens"));
        Files.writeString(finn.resolve("hang.py"), """
                import subprocess, sys, time
                if sys.argv[1] != 'child':
                    subprocess.Popen([sys.executable, sys.argv[0], 'child', sys.argv[2]])
                    print('starting...', flush=True)
                time.sleep(600)
                """);
        Files.writeString(finn.resolve(Submission.FILE), "run=python3 hang.py {port} " + marker + "\n");
        Files.writeString(subs.resolve("notes.txt"), "a file among the folders is not a student\n");
    }

    record Run(int code, String output) {
    }

    /** {@code java ... io.models.conformance.Main gradebook ARGS}: the command a teacher types, in a JVM of its own. */
    static Run gradebook(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ChildServer.coverageAgent());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "gradebook"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                return String.join("\n", r.lines().toList());
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the gradebook did not end within 4 minutes");
        }
        return new Run(p.exitValue(), output.get(10, TimeUnit.SECONDS));
    }

    static boolean onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }
}
