package io.models.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server JVM's heap after a full collection, asked from outside with the JDK's {@code jcmd}
 * (the attach mechanism every HotSpot JVM has; nothing of the chapters changes): {@code GC.run}
 * (a full collection, {@code System.gc()}), then {@code GC.heap_info}, in one {@code jcmd PID -f FILE}.
 * The first time, the server starts its "Attach Listener" thread and its socket, which it keeps:
 * one thread and one descriptor more from the first sample on. Not JMX: a JMX agent would start
 * RMI threads and sockets in the server, the very things the soak counts.
 */
final class HeapProbe implements AutoCloseable {

    /**
     * A generation's line (Serial's {@code DefNew} and {@code Tenured}, Parallel's, G1's one
     * {@code garbage-first heap}): {@code Tenured    total 43712K, used 2574K [...]}, or
     * {@code garbage-first heap   total reserved 6172672K, committed 57344K, used 13372K [...]}.
     */
    private static final Pattern GENERATION = Pattern.compile("(?m)^\\s*[A-Za-z][\\w -]*?\\s+total\\b[^\\n]*?\\bused\\s+(\\d+)K");
    private static final long TIMEOUT_S = 30;

    private final Path jcmd;
    private final Path commands;
    private final Path output;
    private final long pid;
    /** Why the last probe failed, or null. */
    private volatile String failure;

    HeapProbe(Path javaHome, long pid) throws IOException {
        this.jcmd = javaHome.resolve("bin").resolve("jcmd");
        this.pid = pid;
        this.commands = Files.createTempFile("soak-jcmd-", ".txt");
        Files.writeString(commands, "GC.run\nGC.heap_info\n", StandardCharsets.US_ASCII);
        this.output = Files.createTempFile("soak-jcmd-", ".out");
    }

    /** The heap in use after a full collection, in KiB; -1 if it could not be read ({@link #failure} says why). */
    long afterGcKiB() throws InterruptedException {
        if (!Files.isExecutable(jcmd)) {
            failure = "no " + jcmd + " (a JDK's, not a JRE's)";
            return -1;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "-f", commands.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                failure = "jcmd did not answer within " + TIMEOUT_S + " s";
                return -1;
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            long used = parse(out);
            failure = used < 0 ? "jcmd said: " + out.strip().replaceAll("\\s*\\R\\s*", " | ") : null;
            return used;
        } catch (IOException e) {
            failure = "jcmd: " + e.getMessage();
            return -1;
        }
    }

    /** The sum of the generations' {@code used}, in KiB, from {@code GC.heap_info}'s output; -1 if there is none. */
    static long parse(String heapInfo) {
        Matcher m = GENERATION.matcher(heapInfo);
        long used = -1;
        while (m.find()) {
            used = Math.max(used, 0) + Long.parseLong(m.group(1));
        }
        return used;
    }

    String failure() {
        return failure;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(commands);
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // a temporary file of a few bytes
        }
    }
}
