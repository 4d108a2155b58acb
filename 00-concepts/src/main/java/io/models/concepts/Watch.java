package io.models.concepts;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Looking at threads from outside: what the JVM says ({@link Thread.State}), what the kernel says
 * ({@code /proc/self/task/TID/stat}: R running or ready to run, S sleeping), the CPU time a thread
 * has used, and the time it spent ready to run but waiting for a CPU
 * ({@code /proc/self/task/TID/schedstat}: the note's 就绪态, which a busy shared machine makes
 * long). They do not always agree: a platform thread asleep in a socket read is RUNNABLE to the JVM
 * (it is in native code) and S to the kernel, and it uses no CPU.
 */
final class Watch {

    /** How long the tour waits for anything at most: generous for a loaded machine, never reached when all is well. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** How often a window looks at the threads it watches. */
    static final Duration TICK = Duration.ofMillis(10);

    /** Whether this system shows the kernel's state of each thread ({@code /proc}, Linux). */
    static final boolean KERNEL_VISIBLE = Files.isDirectory(Path.of("/proc/self/task"));

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Watch() {
    }

    /**
     * What a thread's CPU clock says: the CPU time (user + system) it has used, or -1 where the JVM
     * does not measure it (a virtual thread).
     */
    static long cpuNanos(Thread t) {
        return THREADS.getThreadCpuTime(t.threadId());
    }

    /** The kernel's state letter for thread {@code tid} of this process, '?' where it cannot be read. */
    static char kernelState(long tid) {
        if (tid < 0) {
            return '?';
        }
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2); // "tid (name) S ...": the name may hold spaces
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    /**
     * The time thread {@code tid} has spent ready to run but waiting for a CPU (the kernel's run
     * delay, the second figure of {@code /proc/self/task/TID/schedstat}), or -1 where it cannot be read.
     */
    static long readyNanos(long tid) {
        if (tid < 0) {
            return -1;
        }
        try {
            String[] figures = Files.readString(Path.of("/proc/self/task/" + tid + "/schedstat")).trim().split(" ");
            return Long.parseLong(figures[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** What a kernel state letter means, in the note's words where it has them. */
    static String meaning(char state) {
        return switch (state) {
            case 'R' -> "running or ready to run: 运行态/就绪态";
            case 'S' -> "sleeping until woken: 挂起";
            case 'D' -> "sleeping, not interruptible";
            case '?' -> "not visible";
            default -> "state " + state;
        };
    }

    /** The method a thread is in now, {@code Class.method}, marked when it is native code. */
    static String where(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        if (stack.length == 0) {
            return "-";
        }
        StackTraceElement top = stack[0];
        String cls = top.getClassName().substring(top.getClassName().lastIndexOf('.') + 1);
        return cls + "." + top.getMethodName() + (top.isNativeMethod() ? " (native)" : "");
    }

    /**
     * Whether a platform thread is asleep inside a system call: in native code, and (where the
     * kernel's view is visible) sleeping.
     */
    static boolean asleepInNativeCode(Watched w) {
        StackTraceElement[] stack = w.thread().getStackTrace();
        char kernel = kernelState(w.tid());
        return stack.length > 0 && stack[0].isNativeMethod() && (kernel == 'S' || kernel == '?');
    }

    /**
     * Waits until {@code condition} holds, for at most {@link #DEADLINE}. For things nothing
     * notifies us of (a thread going to sleep), so it looks every millisecond.
     */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("not seen within " + DEADLINE.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    /**
     * Watches {@code threads} for {@code window}: their states every {@link #TICK}, the CPU time each
     * used and the time each waited for a CPU over the window, and where each is at its end. The window is a measurement, not a wait:
     * nothing is expected to happen in it.
     */
    static List<Sample> over(Duration window, Watched... threads) {
        int n = threads.length;
        List<Map<Thread.State, Integer>> java = new ArrayList<>();
        List<Map<Character, Integer>> kernel = new ArrayList<>();
        long[] cpu = new long[n];
        long[] ready = new long[n];
        for (int i = 0; i < n; i++) {
            java.add(new EnumMap<>(Thread.State.class));
            kernel.add(new TreeMap<>());
            cpu[i] = cpuNanos(threads[i].thread());
            ready[i] = readyNanos(threads[i].tid());
        }
        long start = System.nanoTime();
        long end = start + window.toNanos();
        int looks = 0;
        for (long left = window.toNanos(); left > 0; left = end - System.nanoTime()) {
            for (int i = 0; i < n; i++) {
                java.get(i).merge(threads[i].javaState(), 1, Integer::sum);
                kernel.get(i).merge(kernelState(threads[i].tid()), 1, Integer::sum);
            }
            looks++;
            LockSupport.parkNanos(Math.min(left, TICK.toNanos()));
        }
        long wall = System.nanoTime() - start;
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = threads[i].thread();
            long used = cpu[i] < 0 ? -1 : cpuNanos(t) - cpu[i];
            long waited = ready[i] < 0 ? -1 : readyNanos(threads[i].tid()) - ready[i];
            samples.add(new Sample(t.getName(), t.isVirtual(), looks, java.get(i), kernel.get(i), used, waited,
                    wall, where(t)));
        }
        return samples;
    }

    /**
     * What one thread looked like over a window: the states seen at each look, the CPU time it used
     * and the time it was ready to run but waited for a CPU (-1 where not measured), and where it was
     * at the end.
     */
    record Sample(String name, boolean virtual, int looks, Map<Thread.State, Integer> javaStates,
                  Map<Character, Integer> kernelStates, long cpuNanos, long readyNanos, long wallNanos, String where) {

        /** How many looks saw the JVM state {@code state}. */
        int java(Thread.State state) {
            return javaStates.getOrDefault(state, 0);
        }

        /** How many looks saw the kernel state {@code state}. */
        int kernel(char state) {
            return kernelStates.getOrDefault(state, 0);
        }

        /** Whether the kernel's state was readable at every look. */
        boolean kernelSeen() {
            return kernel('?') == 0;
        }
    }
}
