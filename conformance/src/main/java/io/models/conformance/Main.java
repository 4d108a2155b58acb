package io.models.conformance;

import io.models.common.cli.Cli;
import io.models.common.linux.Proc;
import io.models.conformance.cases.Case;
import io.models.conformance.cases.Cases;
import io.models.conformance.grading.Grading;
import io.models.conformance.grading.Rubric;
import io.models.conformance.grading.Score;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code java -jar conformance/target/conformance.jar --host H --port P [--pid PID] [--cases a,b]
 * [--report-dir D] [--wait SECONDS] [--rubric FILE] [--gradescope FILE] [--lang en|zh]}: checks any
 * server of the protocol, in any language, from outside. {@code conformance gradebook ...} and
 * {@code conformance rubric-page ...} are the grading commands ({@link Grading}).
 */
@Command(name = "conformance", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Checks a server of the io-models protocol from outside, whatever its language: every byte it reads "
                    + "comes back, ASCII a-z upper-cased, every other byte unchanged, nothing added.",
            "Prints PASS name or FAIL name: why for each case, then N passed, M failed. Exit 0 if nothing failed, "
                    + "1 if something did, 2 for a bad flag or a server that cannot be reached.",
            "It opens up to 1000 connections at once and sends up to 16 MiB per connection: use it only against "
                    + "this machine (loopback) or test hosts of your own."},
        footer = {"", "Cases, in the order they run (those marked --pid are skipped without it):",
            "  every-byte, one-byte-writes, random-chunks, concurrent-100,",
            "  held-1000, half-close, resets-300, slow-reader,",
            "  idle-client-blocks-others, slow-reader-blocks-others,",
            "  cleanup (--pid), idle-cpu (--pid)",
            "",
            "Grading: conformance gradebook DIR --rubric FILE (a folder of submissions), "
                    + "conformance rubric-page FILE (the pages of a rubric); each has --help."})
public final class Main implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", description = "The server's address (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", required = true, converter = Port.class,
            description = "The server's TCP port, 1..65535.")
    int port;

    @Option(names = "--pid", paramLabel = "PID", converter = Pid.class,
            description = "The server's process id: also checks its descriptors, threads and idle CPU in /proc/PID "
                    + "(Linux; the checker must run on the server's machine, as its user).")
    Long pid;

    @Option(names = "--cases", paramLabel = "NAME", split = ",", converter = CaseName.class,
            description = "Run only these cases (comma-separated names, see below). Default: all.")
    List<Case> cases;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Also write " + Reports.JUNIT_FILE + " (JUnit XML, as Maven Surefire writes it) and "
                    + Reports.MARKDOWN_FILE + " in DIR.")
    Path reportDir;

    @Option(names = "--wait", paramLabel = "SECONDS", converter = Wait.class,
            description = "How long any one expected thing (a connection, the next byte of a reply, the end of "
                    + "a stream) may take before the case fails, 1..600 (default: ${DEFAULT-VALUE}).")
    int waitSeconds = 5;

    @Option(names = "--rubric", paramLabel = "FILE",
            description = "Score the run: FILE says what each case is worth (CASE POINTS, or CASE expect-fail for one "
                    + "its model fails by design); only its cases run, the last line is score: N/M, and the exit "
                    + "code is 0 only for full marks. Format: conformance/README.md.")
    Path rubricFile;

    @Option(names = "--gradescope", paramLabel = "FILE",
            description = "Also write Gradescope's results.json to FILE (with --rubric; without it every case is "
                    + "worth 1 point).")
    Path gradescopeFile;

    @Option(names = "--lang", paramLabel = "en|zh", converter = Lang.class,
            description = "The language of what it says: en or zh (default: from LC_ALL, LC_MESSAGES or LANG).")
    Locale lang;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (lang != null) {
            Messages.use(lang);
        }
        Rubric rubric;
        try {
            rubric = rubricFile != null ? Rubric.read(rubricFile)
                    : gradescopeFile != null ? Grading.onePointEach(selected(null)) : null;
        } catch (Rubric.Invalid e) {
            err.println("conformance: " + e.getMessage());
            return Cli.USAGE;
        }
        Proc proc = null;
        if (pid != null) {
            try {
                proc = process(pid, Proc.available());
            } catch (IllegalArgumentException e) {
                err.println("conformance: " + e.getMessage());
                return Cli.USAGE;
            }
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            err.println("conformance: --host " + host + ": unknown host");
            return Cli.USAGE;
        }
        if (reportDir != null) {
            try {
                Files.createDirectories(reportDir);
            } catch (IOException e) {
                err.println("conformance: --report-dir " + reportDir + ": cannot create it (" + e.getMessage() + ")");
                return Cli.USAGE;
            }
        }
        if (!isLoopback(address.getAddress())) {
            err.println("warning: " + host + " is not this machine: check only test hosts of your own");
        }

        ZonedDateTime started = ZonedDateTime.now();
        long start = System.nanoTime();
        List<Verdict> results;
        try {
            results = new Checker(address, Duration.ofSeconds(waitSeconds), proc, r -> out.println(r.line()))
                    .run(selected(rubric));
        } catch (Checker.Unreachable e) {
            err.println("conformance: cannot reach " + host + ":" + port + ": " + e.getMessage());
            return Cli.USAGE;
        }
        Reports.Run run = new Reports.Run(host, port, pid, started, Duration.ofNanos(System.nanoTime() - start), results);
        long skipped = run.count(Verdict.Status.SKIP);
        out.println("%d passed, %d failed%s".formatted(run.count(Verdict.Status.PASS), run.count(Verdict.Status.FAIL),
                skipped == 0 ? "" : ", " + skipped + " skipped"));
        Score score = rubric == null ? null : Score.of(rubric, results);
        if (score != null && rubricFile != null) {
            out.println(score.line());
        }
        try {
            if (reportDir != null) {
                Reports.write(reportDir, run, rubricFile == null ? null : score);
            }
            if (gradescopeFile != null) {
                Grading.write(gradescopeFile, Reports.gradescope(run, score));
            }
        } catch (IOException e) {
            err.println("conformance: cannot write the reports: " + e.getMessage());
            return Cli.FAILED;
        }
        if (rubricFile != null) {
            return score.full() ? 0 : Cli.FAILED;
        }
        return run.count(Verdict.Status.FAIL) == 0 ? 0 : Cli.FAILED;
    }

    /** The cases asked for (by --cases, and by the rubric if there is one), in the order of {@link Cases#ALL}, each once. */
    List<Case> selected(Rubric rubric) {
        Set<Case> asked = cases == null ? null : new LinkedHashSet<>(cases);
        return Cases.ALL.stream().filter(c -> asked == null || asked.contains(c))
                .filter(c -> rubric == null || rubric.has(c.name())).toList();
    }

    /**
     * The server's process for {@code --pid}, after checking it can be read.
     *
     * @param hasProc false where there is no /proc (not Linux)
     * @throws IllegalArgumentException with one line saying why it cannot (no /proc, no such
     *         process, not allowed to read it)
     */
    static Proc process(long pid, boolean hasProc) {
        if (!hasProc) {
            throw new IllegalArgumentException("--pid reads /proc/PID, which this system does not have (Linux only)");
        }
        Proc p = Proc.of(pid);
        Path dir = Path.of("/proc", String.valueOf(pid));
        if (!p.alive()) {
            throw new IllegalArgumentException("--pid " + pid + ": no such process (" + dir + " does not exist)");
        }
        try {
            p.fds();
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("--pid " + pid + ": not allowed to read " + dir.resolve("fd")
                    + " (run the checker as the server's user)");
        } catch (IOException e) {
            throw new IllegalArgumentException("--pid " + pid + ": cannot read " + dir.resolve("fd") + ": " + e);
        }
        return p;
    }

    private static boolean isLoopback(InetAddress a) {
        return a.isLoopbackAddress() || a.isAnyLocalAddress();
    }

    /** {@code conformance [flags]} checks one server; {@code conformance gradebook|rubric-page ...} grades. */
    public static void main(String[] args) {
        Object grading = args.length > 0 ? Grading.command(args[0]) : null;
        if (grading != null) {
            System.exit(Cli.execute(grading, java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        System.exit(Cli.execute(new Main(), args));
    }

    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 1, 65535, "a port from 1 to 65535");
        }
    }

    static final class Wait implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Cli.intInRange(value, 1, 600, "a number of seconds from 1 to 600");
        }
    }

    static final class Pid implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                long p = Long.parseLong(value.trim());
                if (p > 0) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException("'" + value + "' is not a process id");
        }
    }

    static final class Lang implements ITypeConverter<Locale> {
        @Override
        public Locale convert(String value) {
            return switch (value.trim()) {
                case "en" -> Locale.ENGLISH;
                case "zh" -> Locale.CHINESE;
                default -> throw new TypeConversionException("'" + value + "' is not a language: en or zh");
            };
        }
    }

    static final class CaseName implements ITypeConverter<Case> {
        @Override
        public Case convert(String value) {
            Case c = Cases.named(value.trim());
            if (c == null) {
                throw new TypeConversionException("'" + value + "' is not a case; the cases are: "
                        + String.join(", ", Cases.names()));
            }
            return c;
        }
    }
}
