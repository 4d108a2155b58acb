package io.models.conformance.grading;

import io.models.conformance.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process the gradebook starts (a build, a student's server, a checker), in a session and process
 * group of its own ({@code setsid}), so that everything it starts can be killed with it, whatever
 * it does: {@link #close()} sends SIGKILL to the whole group, and to every process still below it,
 * then writes what it printed to its log. What it prints (stdout and stderr) is drained all the
 * time, so it never blocks on a full pipe, and kept bounded: the first and the last
 * {@value #KEEP} bytes. Every child still running when the JVM exits (Ctrl-C) is killed too.
 */
final class Child implements AutoCloseable {

    /** Bytes of output kept from the start and from the end. */
    static final int KEEP = 64 * 1024;

    private static final Set<Child> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Child::kill), "gradebook-kill-children"));
    }

    private final Process process;
    private final Path log;
    private final Output output = new Output();
    private final Thread drain;
    private boolean closed;

    private Child(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.drain = Thread.ofPlatform().daemon().name("gradebook-output-" + process.pid()).start(() -> output.drain(
                process.getInputStream()));
    }

    /**
     * Starts {@code command} in {@code dir} under {@code setsid}, with {@code env} added to this
     * process's environment and stdin empty; its output goes to {@code log} when it is closed.
     */
    static Child start(List<String> command, Path dir, Map<String, String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        Child child = new Child(pb.start(), log);
        LIVE.add(child);
        return child;
    }

    /** The process {@code setsid} became: it leads the group, its pid is the group's id. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Its exit code once it has exited within {@code timeout}, else null (still running). Once it
     * has exited, what it printed last is read too (for up to a second: a process it left behind
     * may still hold the pipe).
     */
    Integer waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        drain.join(1_000);
        return process.exitValue();
    }

    /** The last {@code n} lines it has printed so far, joined with " | ", at most 600 characters. */
    String lastLines(int n) {
        List<String> lines = output.text().lines().filter(l -> !l.isBlank()).toList();
        String joined = String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        return joined.length() <= 600 ? joined : "..." + joined.substring(joined.length() - 600);
    }

    /** SIGKILL to its process group and to every process below it; then its output to the log. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        kill();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            drain.join(2_000); // the pipe closes once every process that held it is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
        if (log != null) {
            try {
                Files.writeString(log, output.text(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                // the log is a convenience: the row says what happened
            }
        }
    }

    private void kill() {
        List<ProcessHandle> below = process.descendants().toList(); // before the group kill ends them
        try {
            Process k = new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            k.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): the handles below still end what they can
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        below.forEach(ProcessHandle::destroyForcibly); // a process that left the group but not the tree
        process.destroyForcibly();
    }

    /** The first and last {@link #KEEP} bytes of a stream, and how many were left out between. */
    private static final class Output {
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private final byte[] tail = new byte[KEEP];
        private long tailed; // bytes written to tail in all
        private long total;

        void drain(InputStream in) {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    add(buf, n);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }

        private synchronized void add(byte[] buf, int n) {
            total += n;
            int toHead = Math.min(n, KEEP - head.size());
            head.write(buf, 0, toHead);
            for (int i = toHead; i < n; i++) {
                tail[(int) (tailed++ % KEEP)] = buf[i];
            }
        }

        synchronized String text() {
            String first = head.toString(StandardCharsets.UTF_8);
            if (tailed == 0) {
                return first;
            }
            int kept = (int) Math.min(tailed, KEEP);
            byte[] last = new byte[kept];
            for (int i = 0; i < kept; i++) {
                last[i] = tail[(int) ((tailed - kept + i) % KEEP)];
            }
            long left = total - head.size() - kept;
            return first + (left > 0 ? "\n" + Messages.get("gradebook.left-out", left) + "\n" : "")
                    + new String(last, StandardCharsets.UTF_8);
        }
    }
}
