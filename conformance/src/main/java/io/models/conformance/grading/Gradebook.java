package io.models.conformance.grading;

import io.models.common.cli.Cli;
import io.models.conformance.Messages;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code conformance gradebook SUBMISSIONS --rubric FILE}: grades a folder of submissions, one
 * subfolder per student, each with a {@value Submission#FILE}. For each student, a few at a time
 * ({@code --parallel}): copy the folder, build it, start the server on a port of its own, run the
 * checker against it with the rubric, kill everything it started. Every step has a time limit and
 * runs under {@link Limits}; whatever a submission does (not build, not start, hang, fork, crash),
 * it gets a row that says so and the run goes on. Writes {@value #CSV} (one row per student) and,
 * per student, a folder with {@code results.json} (Gradescope), {@code conformance-report.md},
 * {@code TEST-conformance.xml} and the logs of the build, the server and the checker. One student is
 * graded by {@link StudentGrading}; the rows and the CSV are {@link GradebookRow}'s.
 */
@Command(name = Gradebook.NAME, mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true)
public final class Gradebook implements Callable<Integer> {

    static final String NAME = "gradebook";
    /** Before every line on stderr: the command's name, in every language. */
    static final String PREFIX = "conformance " + NAME + ": ";
    static final String CSV = "gradebook.csv";

    @Parameters(paramLabel = "SUBMISSIONS", descriptionKey = "gradebook.help.submissions")
    Path submissions;

    @Option(names = "--rubric", paramLabel = "FILE", required = true, descriptionKey = "gradebook.help.rubric")
    Path rubricFile;

    @Option(names = "--out", paramLabel = "DIR", descriptionKey = "gradebook.help.out")
    Path out = Path.of("grades");

    @Option(names = "--parallel", paramLabel = "N", converter = Parallel.class,
            descriptionKey = "gradebook.help.parallel")
    int parallel = 2;

    @Option(names = "--build-timeout", paramLabel = "SECONDS", converter = Seconds.class,
            descriptionKey = "gradebook.help.build-timeout")
    int buildTimeout = 120;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", converter = Seconds.class,
            descriptionKey = "gradebook.help.start-timeout")
    int startTimeout = 20;

    @Option(names = "--check-timeout", paramLabel = "SECONDS", converter = Seconds.class,
            descriptionKey = "gradebook.help.check-timeout")
    Integer checkTimeout;

    @Option(names = "--wait", paramLabel = "SECONDS", converter = Seconds.class,
            descriptionKey = "gradebook.help.wait")
    int waitSeconds = 5;

    @Option(names = "--memory", paramLabel = "SIZE", converter = Size.class,
            descriptionKey = "gradebook.help.memory")
    long memory = 8L << 30;

    @Option(names = "--files", paramLabel = "N", descriptionKey = "gradebook.help.files")
    int files = 4096;

    @Option(names = "--processes", paramLabel = "N", descriptionKey = "gradebook.help.processes")
    int processes = 2000;

    @Option(names = "--lang", paramLabel = "en|zh", descriptionKey = "gradebook.help.lang")
    String lang;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter outWriter = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (lang != null) {
            if (!lang.equals("en") && !lang.equals("zh")) {
                err.println(PREFIX + Messages.get("main.bad-lang", lang));
                return Cli.USAGE;
            }
            Messages.use(Locale.forLanguageTag(lang));
        }
        Rubric rubric;
        try {
            rubric = Rubric.read(rubricFile);
        } catch (Rubric.Invalid e) {
            err.println(PREFIX + e.getMessage());
            return Cli.USAGE;
        }
        if (!Files.isDirectory(submissions)) {
            err.println(PREFIX + Messages.get("grading.book.not.a.folder", submissions));
            return Cli.USAGE;
        }
        for (String tool : List.of("setsid", "prlimit", "kill")) {
            if (!onPath(tool)) {
                err.println(PREFIX + Messages.get("grading.book.needs", tool));
                return Cli.USAGE;
            }
        }
        List<Path> students;
        try (Stream<Path> all = Files.list(submissions)) {
            students = all.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
            Files.createDirectories(out);
        } catch (IOException e) {
            err.println(PREFIX + e.getMessage());
            return Cli.USAGE;
        }
        if ("root".equals(System.getProperty("user.name"))) {
            err.println(Messages.get("grading.book.root"));
        }
        Limits limits = new Limits(memory, files, processes);
        StudentGrading grading = grading();
        List<GradebookRow> rows = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<GradebookRow>> jobs = new ArrayList<>();
            for (Path student : students) {
                jobs.add(pool.submit(() -> {
                    GradebookRow row = grading.gradeOrSay(student, rubric, limits);
                    synchronized (outWriter) {
                        outWriter.println(Messages.get("grading.book.progress", row.student(),
                                row.score() + "/" + row.max(), row.status().word()));
                    }
                    return row;
                }));
            }
            for (Future<GradebookRow> job : jobs) {
                try {
                    rows.add(job.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the gradebook itself failed", e.getCause()); // a bug of ours
                }
            }
        }
        try {
            Grading.write(out.resolve(CSV), GradebookRow.csv(rubric, rows));
        } catch (IOException e) {
            err.println(PREFIX + e.getMessage());
            return Cli.FAILED;
        }
        outWriter.println(Messages.get("grading.book.done", String.valueOf(rows.size()), out.resolve(CSV)));
        return 0;
    }

    /** How one student is graded, with this gradebook's folder and time limits. */
    StudentGrading grading() {
        return new StudentGrading(out, buildTimeout, startTimeout, checkTimeout, waitSeconds, new FreePorts());
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }

    static final class Parallel implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 1, 16, Messages.get("gradebook.not-parallel"));
        }
    }

    static final class Seconds implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 1, 86_400, Messages.get("gradebook.not-seconds"));
        }
    }

    static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Limits.bytes(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException(Messages.get("gradebook.not-size", value));
            }
        }
    }
}
