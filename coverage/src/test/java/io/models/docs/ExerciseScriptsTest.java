package io.models.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scripts the worksheets tell students to run. Each exercise's {@code run.sh} starts the
 * starter in each of its languages in the background (the right pid, its loop thread named so that
 * {@code ps -L} finds it), checks it with the checker (a starter fails), and stops it: the process
 * is gone and the port is free. And {@code strip-guide.py} makes the unguided level of every
 * starter by removing comment lines only. It needs the checker's jar and the starters' jars, which
 * {@code ./mvnw verify} has built before this module (mvnw itself is not run from here: the build
 * step of {@code run.sh java} is the README's command).
 */
class ExerciseScriptsTest {

    private static final Pattern STARTED = Pattern.compile("started \\((\\w+)\\): pid (\\d+), port (\\d+)");

    record Run(String exercise, String lang) {
        @Override
        public String toString() {
            return exercise + " " + lang;
        }
    }

    record Result(int code, String output) {
    }

    static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /** Every exercise's run.sh, in every language it has a starter for that this machine can run. */
    static List<Run> runs() throws IOException {
        Path exercises = ReadmeTwinsTest.root().resolve("exercises");
        List<Run> runs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(exercises)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("run.sh"))).sorted().toList()) {
                String name = dir.getFileName().toString();
                runs.add(new Run(name, "java"));
                if (Files.isRegularFile(dir.resolve("python/server.py")) && onPath("python3")) {
                    runs.add(new Run(name, "python"));
                }
                if (Files.isRegularFile(dir.resolve("c/Makefile")) && onPath("make") && onPath("cc")) {
                    runs.add(new Run(name, "c"));
                }
            }
        }
        assertThat(runs).as("the exercises' run.sh").hasSizeGreaterThanOrEqualTo(6);
        return runs;
    }

    /** The names run.sh looks for, from its THREADS line: the threads the worksheet sends students to. */
    static List<String> threadNames(String exercise) throws IOException {
        for (String line : Files.readAllLines(ReadmeTwinsTest.root().resolve("exercises/" + exercise + "/run.sh"))) {
            if (line.startsWith("THREADS=")) {
                return List.of(line.substring("THREADS=".length()).replace("\"", "").split(" "));
            }
        }
        throw new AssertionError(exercise + "/run.sh names no THREADS");
    }

    static Result run(Path dir, long seconds, String... command) throws Exception {
        return run(dir, seconds, Map.of(), null, command);
    }

    /** COMMAND in DIR with PORT=0 and ENV, INPUT (or nothing) on its standard input, within SECONDS. */
    static Result run(Path dir, long seconds, Map<String, String> extraEnv, String input, String... command)
            throws Exception {
        Path log = Files.createTempFile("run-sh", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("PORT", "0");
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.putAll(extraEnv);
            Path in = Files.createTempFile("run-sh-in", ".txt");
            Files.writeString(in, input == null ? "" : input, StandardCharsets.UTF_8);
            pb.redirectInput(in.toFile());
            Process p;
            try {
                p = pb.start();
            } finally {
                Files.deleteIfExists(in);
            }
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s: "
                        + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void runShStartsTheStarterChecksItAndStopsIt(Run r) throws Exception {
        Path root = ReadmeTwinsTest.root();
        assertThat(root.resolve("conformance/target/conformance.jar"))
                .as("the checker's jar (./mvnw verify builds it before this module)").isRegularFile();
        String script = root.resolve("exercises/" + r.exercise() + "/run.sh").toString();
        if (r.lang().equals("c")) {
            Result build = run(root, 120, "bash", script, "c", "build");
            assertThat(build.code()).as("run.sh c build: %s", build.output()).isZero();
        }
        long pid = -1;
        try {
            Result start = run(root, 90, "bash", script, r.lang(), "start");
            assertThat(start.code()).as("run.sh %s start: %s", r.lang(), start.output()).isZero();
            Matcher m = STARTED.matcher(start.output());
            assertThat(m.find()).as("the 'started' line: %s", start.output()).isTrue();
            pid = Long.parseLong(m.group(2));
            int port = Integer.parseInt(m.group(3));
            assertThat(port).isPositive();
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + start.output()));
            assertThat(server.isAlive()).isTrue();

            // its loop runs on a thread named as the worksheet says (Linux shows the name in /proc)
            if (Files.isDirectory(Path.of("/proc/" + pid + "/task"))) {
                assertThat(start.output()).as("run.sh names the loop's thread and its TID")
                        .containsPattern("thread (" + String.join("|", threadNames(r.exercise())) + ")\\S*: TID \\d+");
            }

            Result pidStep = run(root, 30, "bash", script, r.lang(), "pid");
            assertThat(pidStep.output().strip()).isEqualTo(Long.toString(pid));

            Result check = run(root, 120, "bash", script, r.lang(), "check", "--cases", "every-byte");
            assertThat(check.code()).as("a starter fails the checker: %s", check.output()).isEqualTo(1);
            assertThat(check.output()).contains("--port " + port).contains("FAIL every-byte")
                    .contains("0 passed, 1 failed");
            if (Files.isDirectory(Path.of("/proc/" + pid))) {
                assertThat(check.output()).as("the checker gets the server's pid").contains("--pid " + pid);
            }

            Result stop = run(root, 60, "bash", script, r.lang(), "stop");
            assertThat(stop.code()).as("run.sh stop: %s", stop.output()).isZero();
            assertThat(stop.output()).contains("stopped (pid " + pid + ")");
            assertThat(server.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("the server has gone").isFalse();
            Result again = run(root, 30, "bash", script, r.lang(), "stop");
            assertThat(again.output()).contains("no server running");
        } finally {
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * {@code run.sh LANG client} is the note's client, one JDK source file (kit/Client.java): each
     * line typed comes back upper-cased from a solution (run with the same script, PYTHON_FILE set
     * as the kit's header tells teachers), empty lines are skipped, and a starter, which closes
     * every client, makes it say so and exit 1.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void runShClientTalksToTheServerStartedThere() throws Exception {
        if (!onPath("python3")) {
            throw new AssertionError("python3 is needed for the Python starter and solution");
        }
        Path root = ReadmeTwinsTest.root();
        String script = root.resolve("exercises/04-select/run.sh").toString();
        Map<String, String> solution = Map.of("PYTHON_FILE", "../solutions/04-select/python/server.py");
        try {
            Result start = run(root, 60, solution, null, "bash", script, "python", "start");
            assertThat(start.code()).as("start the solution: %s", start.output()).isZero();
            Result talk = run(root, 60, Map.of(), "hello\n\nworld 你好\n", "bash", script, "python", "client");
            assertThat(talk.code()).as("the client, input ended: %s", talk.output()).isZero();
            assertThat(talk.output()).isEqualTo(">>: HELLO\n>>: >>: WORLD 你好\n>>: \n");
        } finally {
            run(root, 60, "bash", script, "python", "stop");
        }
        try {
            Result start = run(root, 60, "bash", script, "python", "start");
            assertThat(start.code()).as("start the starter: %s", start.output()).isZero();
            Result talk = run(root, 60, Map.of(), "hello\n", "bash", script, "python", "client");
            assertThat(talk.code()).as("the starter closed the connection: %s", talk.output()).isEqualTo(1);
            // closed before or after the bytes arrived: an end of stream, or a reset
            assertThat(talk.output()).containsPattern(
                    "client: the server (closed the connection after 0 of 5 bytes|reset the connection)");
        } finally {
            run(root, 60, "bash", script, "python", "stop");
        }
        Result nobody = run(root, 60, Map.of("PORT", "1"), "x\n", "bash", script, "python", "client");
        assertThat(nobody.code()).as("no server: %s", nobody.output()).isEqualTo(2);
        assertThat(nobody.output()).contains("cannot connect to 127.0.0.1:1");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void stripGuideRemovesTheGuideAndOnlyComments() throws Exception {
        if (!onPath("python3")) {
            throw new AssertionError("python3 is needed to run exercises/strip-guide.py");
        }
        Path root = ReadmeTwinsTest.root();
        Result check = run(root, 30, "python3", "exercises/strip-guide.py", "--check");
        assertThat(check.code()).as("strip-guide.py --check: %s", check.output()).isZero();
        Matcher count = Pattern.compile("(\\d+) starter\\(s\\)").matcher(check.output());
        assertThat(count.find()).isTrue();
        List<Path> starters = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root.resolve("exercises"))) {
            all.filter(p -> !p.toString().contains("solutions") && !p.toString().contains("target"))
                    .filter(p -> p.getFileName().toString().equals("Starter.java")
                            || p.getFileName().toString().equals("server.py")
                            || p.getFileName().toString().equals("server.c"))
                    .forEach(starters::add);
        }
        assertThat(Integer.parseInt(count.group(1))).as("every starter is checked").isEqualTo(starters.size());
        // one run for all of them (one python3 per starter takes minutes on a loaded machine)
        Path out = Files.createTempDirectory("unguided");
        List<String> command = new ArrayList<>(List.of("python3", "exercises/strip-guide.py", "--out", out.toString()));
        starters.forEach(s -> command.add(root.relativize(s).toString()));
        Result stripped = run(root, 50, command.toArray(String[]::new));
        assertThat(stripped.code()).as("strip-guide.py --out: %s", stripped.output()).isZero();
        for (Path starter : starters) {
            Path unguided = out.resolve(root.relativize(starter).toString());
            assertThat(unguided).as("the unguided %s", starter).isRegularFile();
            List<String> before = Files.readAllLines(starter);
            List<String> after = Files.readAllLines(unguided);
            assertThat(after).as("%s, unguided", starter).noneMatch(l -> l.contains("GUIDE")).anyMatch(l -> l.contains("TODO"));
            assertThat(before).anyMatch(l -> l.contains("GUIDE"));
            // what is left is the starter, line for line, minus comment lines only
            int j = 0;
            for (String line : before) {
                if (j < after.size() && after.get(j).equals(line)) {
                    j++;
                } else {
                    assertThat(line.strip()).as("a line strip-guide removed from %s", starter)
                            .matches("(//|#|\\*).*").doesNotContain("*/");
                }
            }
            assertThat(j).as("every line of the unguided %s is the guided one's, in order", starter).isEqualTo(after.size());
        }
    }
}
