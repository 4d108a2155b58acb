package io.models.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every distinct shell command in a fenced {@code sh} block of a page is run once here, or the page
 * marks its block as not run, with why, on the line right before the fence:
 * {@code <!-- not run: needs Docker -->}. How each kind of command is run (see {@link Kind}):
 * a server is started, answers one request and stops on SIGTERM; a client talks to a server started
 * from the built jar; a tour runs to its end; a line count prints the number its comment gives; a
 * build command ({@code ./mvnw -q package -DskipTests}) is checked against the build these tests
 * run in (its modules exist, their jars are built), not run again. Maven commands run in one
 * temporary copy of the working tree (with its compiled classes, so nothing is compiled twice);
 * the others against the built jars. Every run has a deadline.
 */
class CommandsTest {

    static final Pattern MARK = Pattern.compile("<!--\\s*not run:\\s*(.*?)\\s*-->");
    static final List<String> SHELL = List.of("sh", "bash", "shell", "console");
    /** An untagged block that starts with one of these is commands too (and should say {@code sh}). */
    static final Pattern LOOKS_LIKE_A_COMMAND = Pattern.compile(
            "^(\\./mvnw|mvn|java|python3|curl|make|docker|dockerd|grep|strace|echo|apt-get|kill|jcmd|gcc|exercises/)\\b.*");

    /** A command of a page: the line, where it is, and its trailing comment (if any). */
    record Command(String text, String comment, String where) {}

    enum Kind {
        /** {@code grep -cvE ... FILE   # N}: prints N. */
        COUNT("grep -cvE '[^']*' \\S+"),
        /** A build command: checked against the build these tests run in. */
        BUILD("\\./mvnw -q (?:-pl (\\S+) -am )?package -DskipTests"),
        /** A tour (00-concepts): runs to its end, exit code 0. */
        TOUR("\\./mvnw -q -pl 00-concepts -am compile exec:java(?: -Dexec.args=\"[^\"]*\")?|java -jar 00-concepts/target/00-concepts\\.jar(?: [a-z ]+)?"),
        /** A client: sends "hello" to a server started from 01-blocking's jar, prints HELLO. */
        CLIENT("(?:echo \"[^\"]*\" \\| )?java -cp \\S+\\.jar io\\.models\\.common\\.client\\.Client --port \\d+(?: --send \"[^\"]*\")?"
                + "|\\./mvnw -q -pl (\\S+) -am compile exec:java@client(?: -Dchapter\\.port=\\d+)?"
                + "|python3 notes/python/\\d_client(?:_\\d)?\\.py(?: \\d+)?"),
        /** A server: listens, answers "hello" with "HELLO", stops on SIGTERM. */
        SERVER("\\./mvnw -q -pl (\\d\\d-[a-z-]+) -am compile exec:java(?:@note)?(?: -Dexec.args=\"[^\"]*\")?"
                + "|java (?:--add-exports \\S+ )?-jar \\d\\d-[a-z-]+/target/\\S+\\.jar(?: [-\\w. ]+)?"
                + "|java (?:--add-exports \\S+ )?-cp \\S+\\.jar io\\.models\\.\\w+\\.NoteServer(?: --port \\d+)?"
                + "|python3 notes/python/\\d_\\w+_server(?:_\\d)?\\.py(?: \\d+)?");

        final Pattern pattern;

        Kind(String regex) {
            this.pattern = Pattern.compile(regex);
        }

        static Kind of(String command) {
            for (Kind k : values()) {
                if (k.pattern.matcher(command).matches()) {
                    return k;
                }
            }
            return null;
        }
    }

    /** The commands of every sh block not marked as not run, and the marks without a reason. */
    static Map<String, List<Command>> commands(Pages pages, List<String> problems) {
        Map<String, List<Command>> out = new LinkedHashMap<>();
        for (Path page : pages.files()) {
            for (Pages.Block b : Pages.blocks(page)) {
                boolean shell = SHELL.contains(b.language()) || b.language().isEmpty() && b.lines().stream()
                        .map(l -> l.text().strip()).filter(t -> !t.isEmpty()).findFirst()
                        .filter(t -> LOOKS_LIKE_A_COMMAND.matcher(t).matches()).isPresent();
                Matcher mark = MARK.matcher(b.before());
                if (mark.find()) {
                    if (mark.group(1).isBlank()) {
                        problems.add(pages.name(page) + ":" + b.fenceLine() + ": a <!-- not run: --> mark without a reason");
                    }
                    continue;
                }
                if (!shell) {
                    continue;
                }
                String joined = "";
                for (Pages.Line l : b.lines()) {
                    String s = l.text().strip();
                    if (s.endsWith("\\")) {
                        joined += s.substring(0, s.length() - 1).strip() + " ";
                        continue;
                    }
                    s = (joined + s).strip();
                    joined = "";
                    if (s.isEmpty() || s.startsWith("#")) {
                        continue;
                    }
                    Matcher c = Pattern.compile("^(.*?)\\s+#\\s+(.*)$").matcher(s);
                    String command = c.matches() ? c.group(1).strip() : s;
                    String comment = c.matches() ? c.group(2).strip() : "";
                    out.computeIfAbsent(command.replaceAll("\\s+", " "), k -> new ArrayList<>())
                            .add(new Command(command, comment, l.where(pages.root())));
                }
            }
        }
        return out;
    }

    /** Commands no kind knows how to run, in blocks not marked as not run. */
    static List<String> unrunnable(Pages pages) {
        List<String> problems = new ArrayList<>();
        commands(pages, problems).forEach((command, at) -> {
            if (Kind.of(command) == null) {
                problems.add(at.get(0).where() + ": `" + command + "` is not run by CommandsTest: make it a command"
                        + " it runs, or mark its block <!-- not run: why --> on the line before the fence");
            }
        });
        return problems;
    }

    @Test
    void everyCommandIsRunOrMarkedWithWhy() {
        assertThat(unrunnable(Pages.ofRepository())).isEmpty();
    }

    @Test
    void theCommandsDoWhatThePagesSay(@TempDir Path copy) throws Exception {
        Path root = ReadmeTwinsTest.root();
        Map<String, List<Command>> all = commands(Pages.ofRepository(), new ArrayList<>());
        boolean copied = false;
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (var e : all.entrySet()) {
            Kind kind = Kind.of(e.getKey());
            if (kind == null) {
                continue; // reported by the other test
            }
            Command c = e.getValue().get(0);
            boolean maven = c.text().startsWith("./mvnw") && kind != Kind.BUILD;
            if (maven && !copied) {
                copyTree(root, copy);
                copied = true;
            }
            long t0 = System.nanoTime();
            String failure = run(kind, c, maven ? copy : root, root);
            System.out.printf("CommandsTest: %5.1f s %s %s%n", (System.nanoTime() - t0) / 1e9, kind, c.text());
            if (failure != null) {
                failures.add(c.where() + ": `" + c.text() + "`: " + failure);
            }
        }
        System.out.printf("CommandsTest: %d distinct commands in %d s%n", all.size(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        assertThat(failures).isEmpty();
    }

    @Test
    void anUnmarkedCommandAndAWrongCountAreFound(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Two.java"), "class Two {\n    // a comment\n\n    int x;\n}\n");
        Files.writeString(dir.resolve("README.md"), """
                # Title

                ```sh
                rm -rf build   # not a command the test knows
                grep -cvE '^\\s*($|//)' Two.java   # 2
                grep -cvE '^\\s*($|//)' Two.java   # 3
                ```

                <!-- not run: needs Docker -->
                ```sh
                docker info
                ```

                <!-- not run: -->
                ```sh
                docker ps
                ```

                ```
                make all
                ```
                """);
        Pages pages = Pages.of(dir);
        assertThat(unrunnable(pages)).containsExactly(
                "README.md:15: a <!-- not run: --> mark without a reason",
                "README.md:4: `rm -rf build` is not run by CommandsTest: make it a command it runs, or mark its block"
                        + " <!-- not run: why --> on the line before the fence",
                "README.md:20: `make all` is not run by CommandsTest: make it a command it runs, or mark its block"
                        + " <!-- not run: why --> on the line before the fence");
        List<String> failures = new ArrayList<>();
        commands(pages, new ArrayList<>()).forEach((command, at) -> {
            for (Command c : at) {
                if (Kind.of(command) == Kind.COUNT) {
                    String f = run(Kind.COUNT, c, dir, dir);
                    if (f != null) {
                        failures.add(c.where() + ": " + f);
                    }
                }
            }
        });
        assertThat(failures).containsExactly("README.md:5: printed 3, the page says 2");
    }

    @Test
    void aServerThatDoesNotAnswerIsFound() {
        Path root = ReadmeTwinsTest.root();
        // exits at once with a usage error: it never listens
        String f = run(Kind.SERVER, new Command("java -jar 01-blocking/target/01-blocking.jar --port 70000", "", "x"), root, root);
        assertThat(f).contains("exited with code 2 before it listened on 127.0.0.1:70000");
    }

    // ---- running -------------------------------------------------------------------------------

    static String run(Kind kind, Command c, Path dir, Path root) {
        try {
            return switch (kind) {
                case COUNT -> count(c, dir);
                case BUILD -> build(c, root);
                case TOUR -> tour(c, dir);
                case CLIENT -> client(c, dir, root);
                case SERVER -> server(c, dir, root);
            };
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String count(Command c, Path dir) throws IOException, InterruptedException {
        Result r = Result.of(c.text(), dir, null, Duration.ofSeconds(20));
        String printed = r.output.strip();
        return printed.equals(c.comment()) ? null : "printed " + printed + ", the page says " + c.comment();
    }

    static String build(Command c, Path root) throws IOException {
        Matcher m = Kind.BUILD.pattern.matcher(c.text());
        m.matches();
        List<String> modules = m.group(1) == null
                ? Files.readAllLines(root.resolve("pom.xml")).stream().map(String::strip)
                        .filter(l -> l.startsWith("<module>")).map(l -> l.replaceAll("</?module>", "")).toList()
                : List.of(m.group(1).split(","));
        for (String module : modules) {
            Path pom = root.resolve(module).resolve("pom.xml");
            if (!Files.isRegularFile(pom)) {
                return "no module " + module;
            }
            if (Files.readString(pom).contains("<packaging>pom</packaging>")) {
                continue;
            }
            if (root.resolve(module).toAbsolutePath().normalize().equals(Path.of("").toAbsolutePath().normalize())) {
                continue; // this module: its jar is packaged after these tests, in the same build
            }
            try (Stream<Path> jars = Files.list(root.resolve(module).resolve("target"))) {
                if (jars.noneMatch(p -> p.toString().endsWith(".jar"))) {
                    return module + " has no jar in target/ after the build";
                }
            } catch (IOException e) {
                return module + " has no target/ after the build";
            }
        }
        return null;
    }

    static String tour(Command c, Path dir) throws IOException, InterruptedException {
        Result r = Result.of(c.text(), dir, null, Duration.ofMinutes(3));
        if (r.timedOut) {
            return "still running after 3 minutes: " + r.tail();
        }
        return r.exit == 0 ? null : "exit code " + r.exit + ": " + r.tail();
    }

    static String client(Command c, Path dir, Path root) throws IOException, InterruptedException {
        int port = clientPort(c.text(), root);
        String busy = busy(port);
        if (busy != null) {
            return busy;
        }
        Process server = start("java -jar 01-blocking/target/01-blocking.jar --port " + port, root);
        try {
            String up = awaitAnswer(server, port, Duration.ofSeconds(60));
            if (up != null) {
                return "the server it needs (01-blocking's jar on " + port + ") " + up;
            }
            boolean own = c.text().contains("echo ") || c.text().contains("--send");
            Result r = Result.of(c.text(), dir, own ? null : "hello\n", Duration.ofMinutes(3));
            if (r.timedOut) {
                return "did not exit within 3 minutes: " + r.tail();
            }
            boolean python = c.text().startsWith("python3");
            if (!r.output.contains("HELLO")) {
                return "printed no HELLO: " + r.tail();
            }
            return python || r.exit == 0 ? null : "exit code " + r.exit + ": " + r.tail();
        } finally {
            stop(server);
        }
    }

    static String server(Command c, Path dir, Path root) throws IOException, InterruptedException {
        int port = serverPort(c.text(), root);
        String busy = busy(port);
        if (busy != null) {
            return busy;
        }
        Process p = start(c.text(), dir);
        Path log = logOf(p);
        try {
            String up = awaitAnswer(p, port, c.text().startsWith("./mvnw") ? Duration.ofMinutes(4) : Duration.ofSeconds(60));
            if (up != null) {
                String out = Files.readString(log);
                if (c.text().contains("io_uring") && out.contains("the io_uring transport cannot start here")) {
                    return null; // what 09-netty's README says it prints where io_uring is not available
                }
                return up + ": " + tail(out);
            }
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy(); // SIGTERM
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                return "did not stop within 30 s of SIGTERM";
            }
            return null;
        } finally {
            stop(p);
        }
    }

    // ---- ports ---------------------------------------------------------------------------------

    static final Pattern PORT_FLAG = Pattern.compile("(?:--port |-Dchapter\\.port=)(\\d+)");

    static int serverPort(String command, Path root) throws IOException {
        Matcher m = PORT_FLAG.matcher(command);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        Matcher py = Pattern.compile("python3 (\\S+\\.py)(?: (\\d+))?").matcher(command);
        if (py.find()) {
            return py.group(2) != null ? Integer.parseInt(py.group(2)) : defaultIn(root.resolve(py.group(1)), "else (\\d+)");
        }
        Matcher note = Pattern.compile("-pl (\\S+) -am compile exec:java@note|-cp (\\S+?)/target/\\S+ io\\.models\\.(\\w+)\\.NoteServer").matcher(command);
        if (note.find()) {
            String module = note.group(1) != null ? note.group(1) : note.group(2);
            try (Stream<Path> s = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                Path src = s.filter(p -> p.getFileName().toString().equals("NoteServer.java")).findFirst().orElseThrow();
                return defaultIn(src, "PORT: (\\d+) if not given");
            }
        }
        Matcher module = Pattern.compile("-pl (\\S+) |^java .*-jar (\\d\\d-[a-z-]+)/").matcher(command);
        if (module.find()) {
            return defaultIn(root.resolve(module.group(1) != null ? module.group(1) : module.group(2)).resolve("pom.xml"),
                    "<chapter.port>(\\d+)</chapter.port>");
        }
        throw new IllegalArgumentException("no port for " + command);
    }

    static int clientPort(String command, Path root) throws IOException {
        Matcher m = PORT_FLAG.matcher(command);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        Matcher py = Pattern.compile("python3 (\\S+\\.py)(?: (\\d+))?").matcher(command);
        if (py.find()) {
            return py.group(2) != null ? Integer.parseInt(py.group(2)) : defaultIn(root.resolve(py.group(1)), "else (\\d+)");
        }
        Matcher module = Pattern.compile("-pl (\\S+) ").matcher(command);
        module.find();
        return defaultIn(root.resolve(module.group(1)).resolve("pom.xml"), "<chapter.port>(\\d+)</chapter.port>");
    }

    static int defaultIn(Path file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(file));
        if (!m.find()) {
            throw new IllegalStateException("no default port (" + regex + ") in " + file);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Null if nothing listens on the port now; else why the command cannot be run as written. */
    static String busy(int port) {
        if (port > 65535) {
            return null; // the server will refuse it itself
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return null;
        } catch (IOException e) {
            return "port " + port + " is in use on this machine, so the command cannot run as the page writes it";
        }
    }

    /** Null once the server answered "hello" with "HELLO"; else what went wrong by the deadline. */
    static String awaitAnswer(Process p, int port, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "nothing";
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                return "exited with code " + p.exitValue() + " before it listened on 127.0.0.1:" + port;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] reply = in.readNBytes(6);
                String got = new String(reply, StandardCharsets.US_ASCII);
                return got.equals("HELLO\n") ? null : "answered \"hello\\n\" with \"" + got + "\"";
            } catch (IOException | IllegalArgumentException e) {
                last = e.toString();
            }
            Thread.sleep(200); // the next attempt to connect, not a wait for a result
        }
        return "did not answer on 127.0.0.1:" + port + " within " + deadline.toSeconds() + " s (last: " + last + ")";
    }

    // ---- processes -----------------------------------------------------------------------------

    private static final Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    static Process start(String command, Path dir) throws IOException {
        Path log = Files.createTempFile("commands-test", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec " + command.replaceFirst("\\s*&$", ""))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        javaHome(pb);
        Process p = pb.start();
        LOGS.put(p, log);
        return p;
    }

    static Path logOf(Process p) {
        return LOGS.get(p);
    }

    static void javaHome(ProcessBuilder pb) {
        String home = System.getProperty("java.home");
        pb.environment().put("JAVA_HOME", home);
        pb.environment().put("PATH", home + "/bin:" + pb.environment().getOrDefault("PATH", ""));
        pb.environment().remove("MAVEN_ARGS");
    }

    static void stop(Process p) throws InterruptedException {
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        Path log = LOGS.remove(p);
        if (log != null) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    /** A command run to its end (or its deadline), its output and stderr together. */
    record Result(int exit, boolean timedOut, String output) {
        static Result of(String command, Path dir, String input, Duration deadline) throws IOException, InterruptedException {
            Path log = Files.createTempFile("commands-test", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                if (input == null) {
                    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                }
                javaHome(pb);
                Process p = pb.start();
                if (input != null) {
                    try (OutputStream in = p.getOutputStream()) {
                        in.write(input.getBytes(StandardCharsets.UTF_8));
                    }
                }
                boolean done = p.waitFor(deadline.toSeconds(), TimeUnit.SECONDS);
                if (!done) {
                    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(30, TimeUnit.SECONDS);
                }
                return new Result(done ? p.exitValue() : -1, !done, Files.readString(log));
            } finally {
                Files.deleteIfExists(log);
            }
        }

        String tail() {
            return CommandsTest.tail(output);
        }
    }

    static String tail(String output) {
        String s = output.strip();
        return s.length() <= 600 ? s : "…" + s.substring(s.length() - 600);
    }

    /**
     * The working tree as a fresh clone would have it after the build: every file but build output,
     * and of build output the compiled classes and the compiler's records (so Maven sees nothing to
     * compile), not the jars.
     */
    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String rel = from.relativize(dir).toString().replace('\\', '/');
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (name.equals(".git") || name.equals("node_modules") || rel.equals("coverage/target")
                        || rel.matches(".*target/(surefire.*|site|test-classes|jacoco.*|pit-reports|tmp)")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(rel));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = from.relativize(file).toString().replace('\\', '/');
                if (rel.contains("target/") && (rel.endsWith(".jar") || rel.endsWith(".exec"))) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, to.resolve(rel), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
