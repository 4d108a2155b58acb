package io.models.conformance;

import io.models.common.linux.Proc;
import io.models.conformance.cases.ServerProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;

/** The server's process that {@code --pid} names: checked readable, then the one that holds the listening socket. */
final class PidServer {

    private PidServer() {
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
            throw new IllegalArgumentException(Messages.get("main.no-proc"));
        }
        Proc p = Proc.of(pid);
        Path dir = Path.of("/proc", String.valueOf(pid));
        if (!p.alive()) {
            throw new IllegalArgumentException(Messages.get("main.no-process", pid, dir));
        }
        try {
            p.fds();
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(Messages.get("main.not-allowed", pid, dir.resolve("fd")));
        } catch (IOException e) {
            throw new IllegalArgumentException(Messages.get("main.cannot-read", pid, dir.resolve("fd"), e.toString()));
        }
        return p;
    }

    /**
     * The server for {@code --pid}: the process itself if it holds the socket listening on
     * {@code port}, else the process below it that does (a shell's or a wrapper script's pid was
     * given: said on {@code err} in one line), waiting up to {@code wait} for one to listen.
     *
     * @throws IllegalArgumentException in one line, if it cannot be read, or neither it nor any
     *         process below it listens on the port
     */
    static ServerProcess listening(long pid, int port, Duration wait, boolean hasProc, PrintWriter err) {
        Proc p = process(pid, hasProc);
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                Proc listener = ServerProcess.listener(pid, port);
                if (listener != null) {
                    if (listener.pid() != pid) {
                        err.println(Main.PREFIX + Messages.get("main.child-listens", pid, port, listener.pid()));
                    }
                    return ServerProcess.of(listener);
                }
            } catch (IOException e) {
                if (!p.alive()) {
                    throw new IllegalArgumentException(Messages.get("main.no-process", pid, Path.of("/proc",
                            String.valueOf(pid))));
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new IllegalArgumentException(Messages.get("main.not-listening", pid, port, wait.toSeconds()));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalArgumentException(Messages.get("checker.interrupted"));
            }
        }
    }
}
