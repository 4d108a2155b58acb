package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Chapters;
import io.models.common.chapter.Check;
import io.models.common.testkit.ChildServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model the checker sees in /proc, for every server whose model is known and that the
 * chapters' test does not classify: each chapter's NoteServer (the model its descriptor declares),
 * the note's own Python servers, and the exercises' solutions in Python and C (built with their
 * Makefile). Each is started by the checker itself ({@code --exec}, so it may read the system
 * call each thread sleeps in) and checked with {@code --cases model --model NAME}. The chapters'
 * own servers are classified in {@link ChaptersConformanceTest}, with {@code --pid}.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ModelsTest {

    /** Words the verdict of each model says, whatever else it says. */
    static final Map<String, String> SAYS = Map.of(
            "blocking", "one client at a time",
            "threads", "per connection",
            "pool", "a fixed pool",
            "nonblocking", "非阻塞IO",
            "select", "select(2)",
            "poll", "poll(2)",
            "epoll", "epoll_wait",
            "io_uring", "io_uring_enter");

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path NOTES = ROOT.resolve("notes/python");
    static final Path SOLUTIONS = ROOT.resolve("exercises/solutions");

    /** A server and the model it must show: {@code command} has {@code {port}} where its port goes. */
    record Subject(String label, String command, String model, Path makeDir) {
        @Override
        public String toString() {
            return label + " -> " + model;
        }
    }

    /** Each argument in single quotes, for {@code sh -c}. */
    static String shell(List<String> argv) {
        return argv.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    static String java(Chapter c, String main, List<String> args) {
        List<String> argv = new ArrayList<>(ChildServer.of(main).jvm(c.jvmFlags()).args(args).measured().commandLine());
        return "exec " + shell(argv) + " --port {port}";
    }

    static String python(Path script, String... more) {
        return "exec python3 -u " + shell(List.of(script.toString())) + " {port}" + (more.length == 0 ? ""
                : " " + String.join(" ", more));
    }

    static String c(String chapter, String... more) {
        return "exec " + shell(List.of(SOLUTIONS.resolve(chapter).resolve("c/server").toString())) + " {port}"
                + (more.length == 0 ? "" : " " + String.join(" ", more));
    }

    static Stream<Subject> noteServers() {
        List<Subject> all = new ArrayList<>();
        for (Chapter c : Chapters.onClassPath()) {
            for (Check check : c.noteChecks()) {
                all.add(new Subject(c.name() + " NoteServer", java(c, c.noteServer(), check.args()),
                        check.models().get(0), null));
            }
        }
        return all.stream();
    }

    static Stream<Subject> python() {
        return Stream.of(
                new Subject("notes/python 2_blocking_server.py", python(NOTES.resolve("2_blocking_server.py")), "blocking", null),
                // its accepted sockets stay blocking on Linux: the loop waits in one client's recv
                new Subject("notes/python 3_nonblocking_server.py", python(NOTES.resolve("3_nonblocking_server.py")),
                        "blocking", null),
                new Subject("notes/python 4_select_server.py", python(NOTES.resolve("4_select_server.py")), "select", null),
                new Subject("notes/python 4_select_server_2.py", python(NOTES.resolve("4_select_server_2.py")), "select", null),
                new Subject("notes/python 7_selectors_server.py", python(NOTES.resolve("7_selectors_server.py")), "epoll", null),
                new Subject("solution 01 python", python(SOLUTIONS.resolve("01-blocking/python/server.py")), "blocking", null),
                new Subject("solution 01 python note_server", python(SOLUTIONS.resolve("01-blocking/python/note_server.py")),
                        "blocking", null),
                new Subject("solution 02 python", python(SOLUTIONS.resolve("02-threadpool/python/server.py")), "threads", null),
                new Subject("solution 02 python, pool 8", python(SOLUTIONS.resolve("02-threadpool/python/server.py"), "8"),
                        "pool", null),
                new Subject("solution 03 python", python(SOLUTIONS.resolve("03-nonblocking/python/server.py")),
                        "nonblocking", null),
                new Subject("solution 04 python", python(SOLUTIONS.resolve("04-select/python/server.py")), "select", null),
                // asyncio: on Linux an epoll event loop
                new Subject("solution 05 python", python(SOLUTIONS.resolve("05-aio/python/server.py")), "epoll", null),
                new Subject("solution 06 python", python(SOLUTIONS.resolve("06-selectors/python/server.py")), "epoll", null));
    }

    static Stream<Subject> c() {
        return Stream.of(
                new Subject("solution 01 c", c("01-blocking"), "blocking", SOLUTIONS.resolve("01-blocking/c")),
                new Subject("solution 02 c", c("02-threadpool"), "threads", SOLUTIONS.resolve("02-threadpool/c")),
                new Subject("solution 02 c, pool 8", c("02-threadpool", "8"), "pool", SOLUTIONS.resolve("02-threadpool/c")),
                new Subject("solution 03 c", c("03-nonblocking"), "nonblocking", SOLUTIONS.resolve("03-nonblocking/c")),
                new Subject("solution 04 c", c("04-select"), "poll", SOLUTIONS.resolve("04-select/c")),
                new Subject("solution 06 c", c("06-selectors"), "epoll", SOLUTIONS.resolve("06-selectors/c")));
    }

    static Stream<Subject> subjects() {
        return Stream.of(noteServers(), python(), c()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void theCheckerSeesTheModel(Subject s) throws Exception {
        if (s.command().startsWith("exec python3")) {
            assumeTrue(NotesPythonTest.python3(), "python3 is not installed");
        }
        if (s.makeDir() != null) {
            assumeTrue(make(s.makeDir()), "make and a C compiler are needed to build " + s.makeDir());
        }
        CheckRun run = CheckRun.of("--exec", s.command(), "--cases", "model", "--model", s.model(),
                "--report-dir", ChaptersConformanceTest.reportDir("model-" + s.label()).toString());
        Expect.allPass().assertMatches(s.label(), List.of("model"), run);
        assertThat(run.verdicts().get("model")).as(run.printed()).contains(SAYS.get(s.model()));
    }

    /** A thread per connection is not select: the verdict fails, and says what it saw instead. */
    @Test
    void aThreadPerConnectionServerGivenSelectFailsSayingWhatItSaw() {
        Chapter threads = Chapters.named("02-threadpool");
        CheckRun run = CheckRun.of("--exec", java(threads, threads.mainClass(), List.of()), "--cases", "model",
                "--model", "select");
        Expect.allPass().fails("model", "expected select (--model select), but 1000 threads each wait in a read: "
                + "a thread per connection", "a thread per connection is not 四、多路复用IO")
                .assertMatches("02-threadpool --model select", List.of("model"), run);
    }

    /** {@code make -s -C dir}; false if there is no make or no compiler. */
    static boolean make(Path dir) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("make", "-s", "-C", dir.toString()).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0 && Files.isExecutable(dir.resolve("server"));
        } catch (IOException noMake) {
            return false;
        }
    }
}
