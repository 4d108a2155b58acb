package io.models.bench.server;

import io.models.common.chapter.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The C reference server, {@code bench/c/upper_echo.c}: compiled at run time with {@code gcc -O2}
 * into {@code bench/target/c/} (never committed). Without gcc its row is skipped, with a note. It is
 * not a chapter but the bench's own, so what the bench says of it is said here.
 */
public final class CReference {

    /** Its name for {@code --models} (and {@code c}). */
    public static final String MODULE = "c-epoll";
    /** Its row: last in every shape a server of any kind takes, in the quick run too. */
    public static final Subject SUBJECT = new Subject("C epoll (reference)", MODULE, List.of(), Set.of(), List.of(),
            Set.of("pingpong", "stream", "mixed", "idle", "hold"), true, io.models.common.chapter.ReadSize.DEFAULT_KIB);
    /**
     * The same server edge-triggered ({@code --edge}, reading until {@code EAGAIN}): a row beside the
     * level-triggered one in ping-pong and stream, for the FAQ's "is ET faster than LT?".
     */
    public static final Subject EDGE = new Subject("C epoll edge-triggered (reference)", MODULE, List.of("--edge"),
            Set.of(), List.of(), Set.of("pingpong", "stream"), false, io.models.common.chapter.ReadSize.DEFAULT_KIB);
    /** Where the lab says it comes from, as a chapter's note section. */
    public static final String SECTION = "the C reference";
    public static final Text ABOUT = new Text("A minimal C server on epoll, one thread: what this machine can do at all.",
            "一个最小的 C epoll 服务器,单线程:这台机器本身能做到多少。");

    /** The binary, or null with {@link #note} saying why there is none. */
    public final Path binary;
    public final String note;
    /** "gcc (Debian 12.2.0-14) 12.2.0 -O2", for the results. */
    public final String compiler;

    private CReference(Path binary, String note, String compiler) {
        this.binary = binary;
        this.note = note;
        this.compiler = compiler;
    }

    public static CReference absent(String why) {
        return new CReference(null, why, null);
    }

    static Path source(Path root) {
        return root.resolve("bench").resolve("c").resolve("upper_echo.c");
    }

    public static CReference build(Path root) {
        Path src = source(root);
        if (!Files.isRegularFile(src)) {
            return new CReference(null, "no " + root.relativize(src) + ": the C reference row is skipped", null);
        }
        String version;
        try {
            version = run(List.of("gcc", "--version")).lines().findFirst().orElse("gcc");
        } catch (IOException e) {
            return new CReference(null, "gcc is not installed: the C reference row is skipped "
                    + "(apt-get install gcc to have it)", null);
        }
        try {
            Path dir = root.resolve("bench").resolve("target").resolve("c");
            Files.createDirectories(dir);
            Path bin = dir.resolve("upper_echo");
            run(List.of("gcc", "-O2", "-o", bin.toString(), src.toString()));
            return new CReference(bin, null, version + ", -O2");
        } catch (IOException e) {
            return new CReference(null, "gcc could not build " + root.relativize(src) + ": " + e.getMessage()
                    + "; the C reference row is skipped", version);
        }
    }

    static String run(List<String> command) throws IOException {
        return run(command, 60);
    }

    /** Runs a short command to its end (at most {@code seconds}), its output if it exits 0. */
    static String run(List<String> command, int seconds) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
        return out;
    }
}
