package io.models.conformance.grading;

import io.models.common.cli.Cli;
import io.models.conformance.Messages;
import io.models.conformance.cases.Case;
import io.models.conformance.cases.Cases;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
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
 * {@code TEST-conformance.xml} and the logs of the build, the server and the checker.
 */
@Command(name = Gradebook.NAME, mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true)
public final class Gradebook implements Callable<Integer> {

    static final String NAME = "gradebook";
    /** Before every line on stderr: the command's name, in every language. */
    static final String PREFIX = "conformance " + NAME + ": ";
    static final String CSV = "gradebook.csv";

    /** What happened to a submission: {@code graded} is the only status whose score comes from the checker. */
    enum Status {
        GRADED, NO_SUBMISSION, BAD_SUBMISSION, BUILD_FAILED, BUILD_TIMEOUT, NO_START, START_TIMEOUT, CHECK_TIMEOUT,
        CHECK_ERROR, ERROR;

        /** As it is written in the CSV: {@code build-failed}. */
        String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One student's row: {@code cases} maps each case of the rubric to its cell (points, or the outcome of an expected failure). */
    record Row(String student, Status status, int score, int max, Map<String, String> cases, String model, String detail) {
    }

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

    private final Set<Integer> portsGiven = new HashSet<>();

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
        List<Row> rows = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<Row>> jobs = new ArrayList<>();
            for (Path student : students) {
                jobs.add(pool.submit(() -> {
                    Row row = gradeOrSay(student, rubric, limits);
                    synchronized (outWriter) {
                        outWriter.println(Messages.get("grading.book.progress", row.student(),
                                row.score() + "/" + row.max(), row.status().word()));
                    }
                    return row;
                }));
            }
            for (Future<Row> job : jobs) {
                try {
                    rows.add(job.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the gradebook itself failed", e.getCause()); // a bug of ours
                }
            }
        }
        try {
            Grading.write(out.resolve(CSV), csv(rubric, rows));
        } catch (IOException e) {
            err.println(PREFIX + e.getMessage());
            return Cli.FAILED;
        }
        outWriter.println(Messages.get("grading.book.done", String.valueOf(rows.size()), out.resolve(CSV)));
        return 0;
    }

    /** {@link #grade}, with what went wrong around it (a folder that cannot be copied, say) as the student's row. */
    private Row gradeOrSay(Path folder, Rubric rubric, Limits limits) throws InterruptedException {
        String student = folder.getFileName().toString();
        try {
            return grade(folder, rubric, limits);
        } catch (IOException | RuntimeException e) {
            String detail = Messages.get("grading.book.error", String.valueOf(e));
            try {
                return notGraded(student, out.resolve(student), rubric, Status.ERROR, detail);
            } catch (IOException | RuntimeException again) {
                return new Row(student, Status.ERROR, 0, rubric.maxScore(), Map.of(), "", detail);
            }
        }
    }

    /** Grades one student's folder; never throws for anything the submission does. */
    Row grade(Path folder, Rubric rubric, Limits limits) throws IOException, InterruptedException {
        String student = folder.getFileName().toString();
        Path dir = out.resolve(student);
        deleteTree(dir);
        Files.createDirectories(dir);
        Submission s;
        try {
            s = Submission.read(folder);
        } catch (Submission.Bad e) {
            return notGraded(student, dir, rubric, e.missing ? Status.NO_SUBMISSION : Status.BAD_SUBMISSION, e.getMessage());
        }
        Path work = dir.resolve("work");
        copyTree(folder, work);
        if (s.build() != null) {
            List<String> cmd = new ArrayList<>(limits.prlimit());
            cmd.addAll(List.of("sh", "-c", s.build()));
            try (Child build = Child.start(cmd, work, Map.of(), dir.resolve("build.log"))) {
                Integer code = build.waitFor(Duration.ofSeconds(buildTimeout));
                if (code == null) {
                    return notGraded(student, dir, rubric, Status.BUILD_TIMEOUT,
                            Messages.get("grading.book.build.timeout", s.build(), String.valueOf(buildTimeout)));
                }
                if (code != 0) {
                    return notGraded(student, dir, rubric, Status.BUILD_FAILED, Messages.get("grading.book.build.failed",
                            s.build(), String.valueOf(code), build.lastLines(5)));
                }
            }
        }
        int port = port();
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
                    return notGraded(student, dir, rubric, Status.CHECK_TIMEOUT,
                            Messages.get("grading.book.check.timeout", String.valueOf(limit.toSeconds())));
                }
                Row row = code == Cli.USAGE ? null : fromReport(student, rubric, dir);
                if (row == null) {
                    return notGraded(student, dir, rubric, Status.CHECK_ERROR, Messages.get("grading.book.check.error",
                            String.valueOf(code), checker.lastLines(2), ""));
                }
                return row;
            }
        } catch (StudentServer.NotStarted e) {
            return notGraded(student, dir, rubric, e.timedOut ? Status.START_TIMEOUT : Status.NO_START, e.getMessage());
        } finally {
            release(port);
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
        String exec = "exec " + String.join(" ", limited.stream().map(Gradebook::quoted).toList());
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

    /** The row of a student the checker graded, from the properties of its JUnit XML; null if there is none. */
    static Row fromReport(String student, Rubric rubric, Path dir) {
        Path xml = dir.resolve("TEST-conformance.xml");
        if (!Files.isRegularFile(xml)) {
            return null;
        }
        Map<String, String> p = new LinkedHashMap<>();
        try {
            NodeList props = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                    .getElementsByTagName("property");
            for (int i = 0; i < props.getLength(); i++) {
                Element e = (Element) props.item(i);
                p.put(e.getAttribute("name"), e.getAttribute("value"));
            }
        } catch (Exception e) {
            return null;
        }
        if (!p.containsKey("score")) {
            return null;
        }
        Map<String, String> cases = new LinkedHashMap<>();
        for (Rubric.Item item : rubric.items()) {
            String v = p.getOrDefault("points." + item.name(), "0/" + item.points());
            String[] w = v.split("[/ ]");
            cases.put(item.name(), item.expectFail() && w.length > 2 ? w[2].toLowerCase(Locale.ROOT).replace('_', '-') : w[0]);
        }
        return new Row(student, Status.GRADED, Integer.parseInt(p.get("score")), Integer.parseInt(p.get("max-score")),
                cases, p.getOrDefault("model", ""), "");
    }

    /** A row for a submission the checker did not grade, with results.json and a report that say why. */
    private static Row notGraded(String student, Path dir, Rubric rubric, Status status, String detail) throws IOException {
        Files.createDirectories(dir);
        Score none = Score.none(rubric, Messages.get("grading.book.not.checked"));
        Grading.write(dir.resolve(Gradescope.FILE), Gradescope.json(none, detail, Duration.ZERO,
                Map.of("student", student, "status", status.word())));
        Grading.write(dir.resolve("conformance-report.md"), Messages.get("grading.book.report", student, status.word(),
                none.line(), detail));
        Map<String, String> cases = new LinkedHashMap<>();
        rubric.items().forEach(i -> cases.put(i.name(), i.expectFail() ? "" : "0"));
        return new Row(student, status, 0, rubric.maxScore(), cases, "", detail);
    }

    /** The CSV: one row per student, in the order of their names (RFC 4180 quoting). */
    static String csv(Rubric rubric, List<Row> rows) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("student", "status", "score", "max_score"));
        rubric.items().forEach(i -> header.add(i.name()));
        header.addAll(List.of("model", "detail"));
        csv.append(line(header));
        rows.stream().sorted(java.util.Comparator.comparing(Row::student)).forEach(r -> {
            List<String> cells = new ArrayList<>(List.of(r.student(), r.status().word(), String.valueOf(r.score()),
                    String.valueOf(r.max())));
            rubric.items().forEach(i -> cells.add(r.cases().getOrDefault(i.name(), "")));
            cells.addAll(List.of(r.model(), r.detail()));
            csv.append(line(cells));
        });
        return csv.toString();
    }

    private static String line(List<String> cells) {
        return String.join(",", cells.stream().map(Gradebook::cell).toList()) + "\r\n";
    }

    static String cell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** A free port, never one handed to another student still being graded. */
    private int port() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                synchronized (portsGiven) {
                    if (portsGiven.add(s.getLocalPort())) {
                        return s.getLocalPort();
                    }
                }
            }
        }
    }

    private void release(int port) {
        synchronized (portsGiven) {
            portsGiven.remove(port);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
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
