package io.models.common.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A process as Linux shows it in {@code /proc/PID}, and nothing else: its CPU time, memory, threads
 * and where each sleeps, its descriptors and what they are, its children, the sockets it listens
 * on. Read from outside, so every figure belongs to that process alone, whatever it is written in.
 * The one place this repository reads /proc (the benchmark, the checker and the tests all use it);
 * how each file's text is taken apart is in {@link ProcFiles} and {@link ListeningSockets}.
 *
 * <p>A reading of a process that has exited throws {@link NoSuchFileException} (an
 * {@link IOException}).
 */
public final class Proc {

    /** Clock ticks per second in the {@code stat} files ({@code getconf CLK_TCK}: USER_HZ, 100 almost everywhere). */
    public static final long TICKS_PER_SECOND = ProcFiles.clockTicks();

    /** One reading: CPU (user + system, in ticks), resident memory, threads. */
    public record Sample(long cpuTicks, long rssKiB, int threads) {
    }

    /**
     * One thread: its id, its name ({@code comm}), its state letter ({@code R}, {@code S}, ...),
     * where in the kernel it sleeps ({@code wchan}: {@code do_epoll_wait}, {@code inet_csk_accept}...;
     * "0" while it runs), the system call it is in (its number, or -1 if it runs or the file is not
     * readable: only a process allowed to ptrace it may read it), and its CPU ticks.
     */
    public record Task(long tid, String name, char state, String wchan, int syscall, long cpuTicks) {
    }

    private final long pid;
    private final Path dir;

    private Proc(long pid, Path dir) {
        this.pid = pid;
        this.dir = dir;
    }

    /** True on a system with /proc (Linux). */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** The process {@code pid}, not checked: a reading fails if it is not there. */
    public static Proc of(long pid) {
        return new Proc(pid, Path.of("/proc", Long.toString(pid)));
    }

    /** This JVM. */
    public static Proc self() {
        return of(ProcessHandle.current().pid());
    }

    /**
     * The process {@code pid}, after checking it can be read.
     *
     * @throws IllegalArgumentException with one line saying why not (no /proc, no such process, not
     *         allowed to read its descriptors)
     */
    public static Proc open(long pid) {
        if (!available()) {
            throw new IllegalArgumentException("reading /proc/" + pid + " needs Linux: this system has no /proc");
        }
        Proc p = of(pid);
        if (!p.alive()) {
            throw new IllegalArgumentException("no process " + pid + " (" + p.dir + " does not exist)");
        }
        try (Stream<Path> fds = Files.list(p.dir.resolve("fd"))) {
            fds.count();
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("not allowed to read " + p.dir.resolve("fd")
                    + " (run as the process's user)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p.dir.resolve("fd") + ": " + e.getMessage());
        }
        return p;
    }

    public long pid() {
        return pid;
    }

    /** False once the process has exited (its entry is gone, or it is a zombie). */
    public boolean alive() {
        try {
            char state = ProcFiles.state(Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII));
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** CPU time used so far, user + system, in ticks of 1/{@link #TICKS_PER_SECOND} s. */
    public long cpuTicks() throws IOException {
        return ProcFiles.ticks(dir.resolve("stat"));
    }

    /**
     * {@link #cpuTicks()} without the threads whose name {@code skip} matches: the JIT's compiler
     * threads, say, which a JVM a few seconds old still keeps busy. A thread that ends meanwhile stays
     * counted (stricter, not looser).
     */
    public long cpuTicksWithout(Predicate<String> skip) throws IOException {
        long ticks = cpuTicks();
        for (Task t : tasks()) {
            if (skip.test(t.name())) {
                ticks -= t.cpuTicks();
            }
        }
        return ticks;
    }

    /** Resident memory in KiB ({@code VmRSS}). */
    public long rssKiB() throws IOException {
        return ProcFiles.statusField(dir.resolve("status"), "VmRSS:");
    }

    /** Threads now ({@code Threads:} of {@code status}). */
    public int threads() throws IOException {
        return (int) ProcFiles.statusField(dir.resolve("status"), "Threads:");
    }

    /** CPU, memory and threads in one reading; null if the process is gone. */
    public Sample sample() {
        try {
            return new Sample(cpuTicks(), rssKiB(), threads());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Open file descriptors (sockets included). */
    public int fds() throws IOException {
        try (Stream<Path> fds = Files.list(dir.resolve("fd"))) {
            return (int) fds.count();
        }
    }

    /**
     * What each open descriptor is ({@code socket:[12345]}, {@code anon_inode:[eventpoll]},
     * {@code anon_inode:[io_uring]}, a path...). Descriptors closed while they are read are left out.
     */
    public List<String> fdTargets() throws IOException {
        List<String> targets = new ArrayList<>();
        try (Stream<Path> fds = Files.list(dir.resolve("fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException closedMeanwhile) {
                    // gone between the listing and the read
                }
            }
        }
        return targets;
    }

    /** Every thread now. Threads that end while they are read are left out. */
    public List<Task> tasks() throws IOException {
        return ProcFiles.tasks(dir);
    }

    /**
     * How long (ns) the threads whose name {@code which} matches have been running or ready to run
     * (waiting for a core), from each one's {@code schedstat}. Unlike CPU time, this does not shrink
     * when the machine is busy: a thread that never sleeps is runnable the whole time, on a core or
     * not. Threads that end while they are read are left out.
     */
    public long runnableNanos(Predicate<String> which) throws IOException {
        long sum = 0;
        for (Task t : tasks()) {
            if (which.test(t.name())) {
                String[] f = ProcFiles.readOr(dir.resolve("task").resolve(Long.toString(t.tid())).resolve("schedstat"), "0 0")
                        .split(" ");
                sum += Long.parseLong(f[0]) + Long.parseLong(f[1]); // on a core, waiting for one
            }
        }
        return sum;
    }

    /**
     * The cgroups it is in: the lines of {@code cgroup}, {@code id:controllers:path} (one per
     * hierarchy on cgroup v1, the single {@code 0::path} on v2). What a cgroup counts is under
     * {@code /sys/fs/cgroup}, not here.
     */
    public List<String> cgroups() throws IOException {
        return Files.readAllLines(dir.resolve("cgroup"), StandardCharsets.US_ASCII);
    }

    /** The processes this one started and that still run (its threads' {@code children} files). */
    public List<Long> children() throws IOException {
        return ProcFiles.children(dir);
    }

    /** This process and every process below it, depth first. */
    public List<Long> tree() throws IOException {
        List<Long> all = new ArrayList<>(List.of(pid));
        for (long child : children()) {
            try {
                all.addAll(of(child).tree());
            } catch (NoSuchFileException endedMeanwhile) {
                // a child that has just exited
            }
        }
        return all;
    }

    /**
     * True if this process holds a socket listening on TCP {@code port} (IPv4 or IPv6): the inode of
     * a LISTEN line of {@code /proc/net/tcp} or {@code tcp6} is one of its descriptors.
     */
    public boolean listensOn(int port) throws IOException {
        Set<String> inodes = ListeningSockets.on(dir, port);
        if (inodes.isEmpty()) {
            return false;
        }
        for (String target : fdTargets()) {
            if (inodes.contains(target)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "process " + pid;
    }
}
