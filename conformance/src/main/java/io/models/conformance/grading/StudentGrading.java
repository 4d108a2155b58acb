package io.models.conformance.grading;

import io.models.common.cli.Cli;
import io.models.conformance.Messages;
import io.models.conformance.cases.Case;
import io.models.conformance.cases.Cases;
import io.models.conformance.grading.GradebookRow.Status;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How the gradebook grades one student: copy the folder into {@code out}, build it, start the server
 * once, run the checker against it with the rubric, and make the student's row from what happened.
 *
 * @param out the gradebook's folder; each student's files go in a subfolder named after the student
 * @param buildTimeout seconds the build may take
 * @param startTimeout seconds the server may take to listen
 * @param checkTimeout seconds the checker may take; null for {@link #defaultCheckTimeout}
 * @param waitSeconds the checker's {@code --wait}
 * @param ports where each student's port comes from (shared by the students graded at once)
 */
record StudentGrading(Path out, int buildTimeout, int startTimeout, Integer checkTimeout, int waitSeconds,
        FreePorts ports) {

    /** {@link #grade}, with what went wrong around it (a folder that cannot be copied, say) as the student's row. */
    GradebookRow gradeOrSay(Path folder, Rubric rubric, Limits limits) throws InterruptedException {
        String student = folder.getFileName().toString();
        try {
            return grade(folder, rubric, limits);
        } catch (IOException | RuntimeException e) {
            String detail = Messages.get("grading.book.error", String.valueOf(e));
            try {
                return GradebookRow.notGraded(student, out.resolve(student), rubric, Status.ERROR, detail);
            } catch (IOException | RuntimeException again) {
                return new GradebookRow(student, Status.ERROR, 0, rubric.maxScore(), Map.of(), "", detail);
            }
        }
    }

    /** Grades one student's folder; never throws for anything the submission does. */
    GradebookRow grade(Path folder, Rubric rubric, Limits limits) throws IOException, InterruptedException {
        String student = folder.getFileName().toString();
        Path dir = out.resolve(student);
        deleteTree(dir);
        Files.createDirectories(dir);
        Submission s;
        try {
            s = Submission.read(folder);
        } catch (Submission.Bad e) {
            return GradebookRow.notGraded(student, dir, rubric, e.missing ? Status.NO_SUBMISSION : Status.BAD_SUBMISSION,
                    e.getMessage());
        }
        Path work = dir.resolve("work");
        copyTree(folder, work);
        if (s.build() != null) {
            List<String> cmd = new ArrayList<>(limits.prlimit());
            cmd.addAll(List.of("sh", "-c", s.build()));
            try (Child build = Child.start(cmd, work, Map.of(), dir.resolve("build.log"))) {
                Integer code = build.waitFor(Duration.ofSeconds(buildTimeout));
                if (code == null) {
                    return GradebookRow.notGraded(student, dir, rubric, Status.BUILD_TIMEOUT,
                            Messages.get("grading.book.build.timeout", s.build(), String.valueOf(buildTimeout)));
                }
                if (code != 0) {
                    return GradebookRow.notGraded(student, dir, rubric, Status.BUILD_FAILED,
                            Messages.get("grading.book.build.failed", s.build(), String.valueOf(code), build.lastLines(5)));
                }
            }
        }
        int port = ports.take();
        try {
            // Started once on its own first: a server that does not build a listener, or not in time, gets
            // a row that says so. Then the checker starts its own, a fresh one for every case.
            try (StudentServer first = StudentServer.start(s, work, port, limits, Duration.ofSeconds(startTimeout),
                    dir.resolve("server.log"))) {
                // it listens: stopped, with its whole group, before the checker starts it again
            }
            Duration limit = Duration.ofSeconds(checkTimeout != null ? checkTimeout : defaultCheckTimeout(rubric));
            try (Child checker = Child.start(checkerCommand(checkerArgs(s, port, limits, rubric, dir)), work,
                    Map.of("PORT", String.valueOf(port)), dir.resolve("checker.log"))) {
                Integer code = checker.waitFor(limit);
                if (code == null) {
                    return GradebookRow.notGraded(student, dir, rubric, Status.CHECK_TIMEOUT,
                            Messages.get("grading.book.check.timeout", String.valueOf(limit.toSeconds())));
                }
                GradebookRow row = code == Cli.USAGE ? null : GradebookRow.fromReport(student, rubric, dir);
                if (row == null) {
                    return GradebookRow.notGraded(student, dir, rubric, Status.CHECK_ERROR,
                            Messages.get("grading.book.check.error", String.valueOf(code), checker.lastLines(2), ""));
                }
                return row;
            }
        } catch (StudentServer.NotStarted e) {
            return GradebookRow.notGraded(student, dir, rubric, e.timedOut ? Status.START_TIMEOUT : Status.NO_START,
                    e.getMessage());
        } finally {
            ports.release(port);
        }
    }

    /**
     * The checker's flags for one student: it starts the student's server itself ({@code --exec}),
     * under the {@link Limits}, in the student's copied folder (the checker runs there), a fresh
     * server for every case ({@code --fresh-server}: one crash costs one case), on {@code port}.
     */
    List<String> checkerArgs(Submission s, int port, Limits limits, Rubric rubric, Path dir) {
        List<String> limited = new ArrayList<>(limits.prlimit());
        limited.addAll(List.of("sh", "-c", s.run()));
        String exec = "exec " + String.join(" ", limited.stream().map(StudentGrading::quoted).toList());
        return new ArrayList<>(List.of("--exec", exec, "--fresh-server", "--port", String.valueOf(port),
                "--rubric", rubric.file().toAbsolutePath().toString(),
                "--gradescope", dir.resolve(Gradescope.FILE).toAbsolutePath().toString(),
                "--report-dir", dir.toAbsolutePath().toString(),
                "--wait", String.valueOf(waitSeconds),
                "--lang", Messages.language().getLanguage()));
    }

    /** {@code word} as one word of {@code sh}: in single quotes, each of its own quotes closed and escaped. */
    static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** This JVM's java and class path running the checker's main with {@code args}. */
    static List<String> checkerCommand(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classPath(), "io.models.conformance.Main"));
        cmd.addAll(args);
        return cmd;
    }

    private static String classPath() {
        return String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).toList());
    }

    /** The deadlines of the rubric's cases added up, plus a minute for starting and the probes between cases. */
    static long defaultCheckTimeout(Rubric rubric) {
        return 60 + Cases.ALL.stream().filter(c -> rubric.has(c.name())).map(Case::deadline)
                .mapToLong(Duration::toSeconds).sum();
    }

    /** Copies a student's folder (symbolic links as links: nothing outside it is read through them). */
    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
