package io.models.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The second load generator, {@code bench/c/loadgen.c}: one thread, epoll, every reply byte checked,
 * written apart from the Java one so that a headline ratio is measured by two clients that share no
 * code. Compiled at run time with {@code gcc -O2} into {@code bench/target/c/}, as the C reference
 * is; without gcc its rows are skipped, with the reason.
 */
public final class CLoadGen {

    /** The binary, or null with {@link #note} saying why there is none. */
    public final Path binary;
    public final String note;

    private CLoadGen(Path binary, String note) {
        this.binary = binary;
        this.note = note;
    }

    public static CLoadGen absent(String why) {
        return new CLoadGen(null, why);
    }

    public static CLoadGen build(Path root) {
        Path src = root.resolve("bench").resolve("c").resolve("loadgen.c");
        if (!Files.isRegularFile(src)) {
            return absent("no " + root.relativize(src) + ": the C load generator's rows are skipped");
        }
        try {
            CReference.run(List.of("gcc", "--version"));
        } catch (IOException e) {
            return absent("gcc is not installed: the C load generator's rows are skipped (apt-get install gcc to have it)");
        }
        try {
            Path dir = root.resolve("bench").resolve("target").resolve("c");
            Files.createDirectories(dir);
            Path bin = dir.resolve("loadgen");
            CReference.run(List.of("gcc", "-O2", "-Wall", "-Wextra", "-o", bin.toString(), src.toString()));
            return new CLoadGen(bin, null);
        } catch (IOException e) {
            return absent("gcc could not build " + root.relativize(src) + ": " + e.getMessage()
                    + "; the C load generator's rows are skipped");
        }
    }

    /**
     * One run against a server: what it printed, as key=value pairs ({@code ops_per_s}, {@code mb_per_s},
     * {@code p50_us}, {@code cpu_util}, {@code server_cpu_util}...).
     *
     * @param stream    a stream of {@code bytes}-byte writes; else ping-pong of {@code bytes}-byte messages
     * @param cpu       the core it pins itself to, or -1
     * @param serverPid the server's process, whose CPU it reads over its window; -1 if not known
     * @throws IOException with its own one line if it failed (a wrong byte, a failed connection)
     */
    public Map<String, String> run(int port, boolean stream, int connections, int bytes, double warmupSeconds,
                                   double seconds, int cpu, long serverPid) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--mode", stream ? "stream" : "pingpong", "--connections", Integer.toString(connections),
                "--size", Integer.toString(bytes), "--warmup-s", Double.toString(warmupSeconds),
                "--seconds", Double.toString(seconds)));
        if (cpu >= 0) {
            cmd.addAll(List.of("--cpu", Integer.toString(cpu)));
        }
        if (serverPid > 0) {
            cmd.addAll(List.of("--server-pid", Long.toString(serverPid)));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor((long) (warmupSeconds + seconds) + 60, TimeUnit.SECONDS)) {
                throw new IOException("the C load generator did not finish");
            }
        } finally {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0) {
            throw new IOException(out.strip().lines().reduce((a, b) -> b).orElse("exit code " + p.exitValue()));
        }
        Map<String, String> kv = new HashMap<>();
        for (String pair : out.strip().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                kv.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return kv;
    }
}
