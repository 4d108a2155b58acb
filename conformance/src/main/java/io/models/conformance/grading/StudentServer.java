package io.models.conformance.grading;

import io.models.common.linux.Proc;
import io.models.conformance.Messages;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A student's server, started by the gradebook: its run command under {@code sh -c}, in a process
 * group of its own, under the {@link Limits}, on the port given; started means a process of that
 * group holds a socket listening on the port (read in /proc: no probe connection, which a server
 * that mishandles a closed client would already be harmed by). The pid handed to the checker is
 * that process, not the shell or a wrapper script.
 *
 * <p>The seam: this is the one place the gradebook starts a server. Once the checker starts the
 * server itself ({@code --exec}, {@code --fresh-server}), the gradebook passes the run command
 * there instead and this class goes; {@link StudentGrading#checkerArgs} is the other half.
 */
final class StudentServer implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Child child;
    private final long pid;

    private StudentServer(Child child, long pid) {
        this.child = child;
        this.pid = pid;
    }

    /** Why it did not start, in one line; {@code timedOut} if it was still running without listening. */
    static final class NotStarted extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean timedOut;

        NotStarted(String message, boolean timedOut) {
            super(message, null, false, false);
            this.timedOut = timedOut;
        }
    }

    static StudentServer start(Submission s, Path work, int port, Limits limits, Duration timeout, Path log)
            throws IOException, NotStarted, InterruptedException {
        List<String> cmd = new ArrayList<>(limits.prlimit());
        cmd.addAll(List.of("sh", "-c", s.run(port)));
        Child child = Child.start(cmd, work, Map.of("PORT", String.valueOf(port)), log);
        long end = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                boolean late = System.nanoTime() > end; // before the look: listening just in time counts
                Long listener = listener(child.pid(), port);
                if (listener != null) {
                    return new StudentServer(child, listener);
                }
                if (late) {
                    throw new NotStarted(Messages.get("grading.book.start.timeout", String.valueOf(port),
                            String.valueOf(timeout.toSeconds()), s.run(port), child.lastLines(5)), true);
                }
                Integer code = child.waitFor(POLL);
                if (code != null) {
                    throw new NotStarted(Messages.get("grading.book.exited", s.run(port), String.valueOf(code),
                            String.valueOf(port), child.lastLines(5)), false);
                }
            }
        } catch (NotStarted | InterruptedException | RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /** The process of the tree under {@code root} that listens on {@code port}, or null. */
    private static Long listener(long root, int port) {
        try {
            for (long pid : Proc.of(root).tree()) {
                try {
                    if (Proc.of(pid).listensOn(port)) {
                        return pid;
                    }
                } catch (NoSuchFileException endedMeanwhile) {
                    // a short-lived process of the run command
                }
            }
        } catch (IOException gone) {
            // the run command has exited: its code says so
        }
        return null;
    }

    /** The process that holds the listening socket: what the checker's {@code --pid} gets. */
    long pid() {
        return pid;
    }

    boolean alive() {
        return child.alive();
    }

    /** The last lines the server printed. */
    String lastLines(int n) {
        return child.lastLines(n);
    }

    @Override
    public void close() {
        child.close();
    }
}
