package io.models.conformance;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What Linux shows of the server in /proc/PID, and nothing else: open descriptors
 * ({@code /proc/PID/fd}), threads ({@code Threads:} in {@code /proc/PID/status}) and CPU time
 * (utime + stime in {@code /proc/PID/stat}, in clock ticks of 1/100 s: the kernel's USER_HZ).
 */
final class Proc {

    /** Clock ticks per second in /proc/PID/stat: USER_HZ, 100 on every Linux architecture in use. */
    static final int TICKS_PER_SECOND = 100;

    final long pid;
    private final Path dir;

    private Proc(long pid, Path proc) {
        this.pid = pid;
        this.dir = proc.resolve(String.valueOf(pid));
    }

    /**
     * The process {@code pid}, after checking it can be read.
     *
     * @throws IllegalArgumentException with one line saying why it cannot (no /proc, no such
     *         process, not allowed to read it)
     */
    static Proc open(long pid) {
        return open(pid, Path.of("/proc"));
    }

    static Proc open(long pid, Path proc) {
        if (!Files.isDirectory(proc.resolve("self"))) {
            throw new IllegalArgumentException("--pid reads /proc/PID, which this system does not have (Linux only)");
        }
        Proc p = new Proc(pid, proc);
        if (!p.alive()) {
            throw new IllegalArgumentException("--pid " + pid + ": no such process (" + p.dir + " does not exist)");
        }
        try (Stream<Path> fds = Files.list(p.dir.resolve("fd"))) {
            fds.count();
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("--pid " + pid + ": not allowed to read " + p.dir.resolve("fd")
                    + " (run the checker as the server's user)");
        } catch (IOException e) {
            throw new IllegalArgumentException("--pid " + pid + ": cannot read " + p.dir.resolve("fd") + ": " + e);
        }
        return p;
    }

    /** False once the process has exited (its /proc entry is gone, or it is a zombie). */
    boolean alive() {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Open file descriptors (sockets included). */
    long fds() throws CaseFailed {
        try (Stream<Path> fds = Files.list(dir.resolve("fd"))) {
            return fds.count();
        } catch (NoSuchFileException e) {
            throw gone();
        } catch (IOException e) {
            throw new CaseFailed("cannot read " + dir.resolve("fd") + ": " + e.getMessage());
        }
    }

    /** Threads, from the {@code Threads:} line of /proc/PID/status. */
    int threads() throws CaseFailed {
        try {
            for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring("Threads:".length()).trim());
                }
            }
            throw new CaseFailed("no Threads: line in " + dir.resolve("status"));
        } catch (IOException e) {
            throw gone();
        }
    }

    /** CPU time used so far, user + system, in ticks of 1/{@value #TICKS_PER_SECOND} s. */
    long cpuTicks() throws CaseFailed {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            // After "pid (comm) " come the fields from 3 on: utime and stime are fields 14 and 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            throw gone();
        }
    }

    private CaseFailed gone() {
        return new CaseFailed("the server process " + pid + " has exited");
    }
}
