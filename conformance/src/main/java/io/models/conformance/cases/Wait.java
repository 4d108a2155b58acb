package io.models.conformance.cases;

import java.util.Locale;
import java.util.Map;

/**
 * Where a thread is, as /proc shows it: running, or asleep in one of the waits that tell an IO model
 * apart. Read from its state letter, its {@code wchan} (the kernel function it sleeps in) and, where
 * /proc lets the checker read it (a process it started: {@code --exec}), its {@code syscall} (the
 * system call it sleeps in). Without the system call, poll(2) and select(2) sleep in the same place
 * and cannot be told apart: {@link #POLL_OR_SELECT}.
 */
enum Wait {
    /** In {@code io_uring_enter}, waiting for completions. */
    IO_URING,
    /** In {@code epoll_wait} (or {@code epoll_pwait}, {@code epoll_pwait2}). */
    EPOLL,
    /** In {@code poll} or {@code ppoll}. */
    POLL,
    /** In {@code select} or {@code pselect6}. */
    SELECT,
    /** In poll or select: the same {@code wchan}, and the system call not readable. */
    POLL_OR_SELECT,
    /** In a read on one socket ({@code read}, {@code recv}...). */
    READ,
    /** In a write on one socket whose buffer is full. */
    WRITE,
    /** In {@code accept}. */
    ACCEPT,
    /** In a sleep ({@code nanosleep}, {@code time.sleep}). */
    SLEEP,
    /** Waiting on a lock or a condition ({@code futex}): a pool's idle thread, a runtime's housekeeping. */
    LOCK,
    /** Running, or ready to run (state R). */
    RUNNING,
    /** Asleep somewhere else, or where /proc does not say. */
    OTHER;

    /** The system call numbers that name a wait, for this machine's architecture (empty if unknown). */
    static final Map<Integer, Wait> SYSCALLS = syscalls(System.getProperty("os.arch", ""));

    static Map<Integer, Wait> syscalls(String arch) {
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Map.ofEntries(
                    Map.entry(426, IO_URING),
                    Map.entry(232, EPOLL), Map.entry(281, EPOLL), Map.entry(441, EPOLL),
                    Map.entry(7, POLL), Map.entry(271, POLL),
                    Map.entry(23, SELECT), Map.entry(270, SELECT),
                    Map.entry(0, READ), Map.entry(19, READ), Map.entry(45, READ), Map.entry(47, READ),
                    Map.entry(1, WRITE), Map.entry(20, WRITE), Map.entry(44, WRITE), Map.entry(46, WRITE),
                    Map.entry(43, ACCEPT), Map.entry(288, ACCEPT),
                    Map.entry(35, SLEEP), Map.entry(230, SLEEP),
                    Map.entry(202, LOCK));
            case "aarch64", "arm64" -> Map.ofEntries(
                    Map.entry(426, IO_URING),
                    Map.entry(22, EPOLL), Map.entry(441, EPOLL),
                    Map.entry(73, POLL),
                    Map.entry(72, SELECT),
                    Map.entry(63, READ), Map.entry(65, READ), Map.entry(207, READ), Map.entry(212, READ),
                    Map.entry(64, WRITE), Map.entry(66, WRITE), Map.entry(206, WRITE), Map.entry(211, WRITE),
                    Map.entry(202, ACCEPT), Map.entry(242, ACCEPT),
                    Map.entry(101, SLEEP), Map.entry(115, SLEEP),
                    Map.entry(98, LOCK));
            default -> Map.of();
        };
    }

    /** A thread's wait from its state, {@code wchan} and system call (-1 if not readable). */
    static Wait of(char state, String wchan, int syscall) {
        if (state == 'R') {
            return RUNNING;
        }
        Wait byWchan = byWchan(wchan);
        Wait bySyscall = syscall >= 0 ? SYSCALLS.get(syscall) : null;
        if (bySyscall == null) {
            return byWchan;
        }
        if ((bySyscall == READ || bySyscall == WRITE) && byWchan == OTHER && wchan.contains("pipe")) {
            return OTHER; // a read on a pipe (its own output, a wake-up pipe), not on a client's socket
        }
        return bySyscall;
    }

    private static Wait byWchan(String wchan) {
        String w = wchan == null ? "" : wchan;
        if (w.contains("io_cqring_wait") || w.contains("io_uring")) {
            return IO_URING;
        }
        if (w.contains("epoll") || w.startsWith("ep_poll")) {
            return EPOLL;
        }
        if (w.startsWith("poll_schedule_timeout") || w.startsWith("do_sys_poll") || w.startsWith("do_select")
                || w.startsWith("core_sys_select")) {
            return POLL_OR_SELECT;
        }
        if (w.startsWith("inet_csk_accept")) {
            return ACCEPT;
        }
        if (w.startsWith("sk_wait_data") || w.startsWith("wait_woken") || w.startsWith("tcp_recvmsg")) {
            return READ;
        }
        if (w.startsWith("sk_stream_wait_memory")) {
            return WRITE;
        }
        if (w.contains("nanosleep")) {
            return SLEEP;
        }
        if (w.contains("futex")) {
            return LOCK;
        }
        return OTHER;
    }

    /** True for the waits of an IO model (a read, a multiplexer, io_uring), as against a lock or a sleep. */
    boolean isIo() {
        return switch (this) {
            case IO_URING, EPOLL, POLL, SELECT, POLL_OR_SELECT, READ, WRITE -> true;
            default -> false;
        };
    }
}
