package io.models.concepts;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.concepts.Watch.Sample;

/**
 * What a thread looks like from outside when it is asleep, and when it wants the CPU. The figures
 * are compared with the window they were measured over, with wide margins: on a shared 2-core
 * machine a thread that wants the CPU may get a small share of it, but then it waits for it in the
 * run queue (ready), and the kernel says R all along.
 */
final class Looks {

    private Looks() {
    }

    /** Asleep all through the window: the JVM says {@code state}, the kernel S, and it used no CPU nor waited for one. */
    static void asleep(Sample s, Thread.State state) {
        assertThat(s.java(state)).as("%s: looks that saw %s, of %d: %s", s.name(), state, s.looks(), s)
                .isEqualTo(s.looks());
        asleepToTheKernel(s);
    }

    /**
     * Asleep inside a system call: the JVM says RUNNABLE (it is in native code), the kernel says S,
     * and the thread used no CPU.
     */
    static void asleepInNativeCode(Sample s) {
        asleep(s, Thread.State.RUNNABLE);
        assertThat(s.where()).as("%s: where it was", s.name()).endsWith("(native)");
    }

    private static void asleepToTheKernel(Sample s) {
        if (s.kernelSeen()) {
            assertThat(s.kernel('S')).as("%s: looks the kernel said S (sleeping), of %d: %s", s.name(), s.looks(), s)
                    .isEqualTo(s.looks());
        }
        assertThat(s.cpuNanos()).as("%s: CPU used over %d ms: %s", s.name(), s.wallNanos() / 1_000_000, s)
                .isBetween(0L, s.wallNanos() / 100);
        if (s.readyNanos() >= 0) {
            assertThat(s.readyNanos()).as("%s: time ready for a CPU: %s", s.name(), s).isLessThanOrEqualTo(s.wallNanos() / 100);
        }
    }

    /**
     * Wanting the CPU all through the window: RUNNABLE to the JVM, R (running or ready to run) to
     * the kernel, some CPU used, and the time on a CPU plus the time ready for one a good part of
     * the window (the kernel counts a wait for a CPU only when it ends, so the last one is missing).
     */
    static void wantsTheCpu(Sample s) {
        assertThat(s.java(Thread.State.RUNNABLE)).as("%s: looks that saw RUNNABLE, of %d: %s", s.name(), s.looks(), s)
                .isEqualTo(s.looks());
        if (s.kernelSeen()) {
            assertThat(s.kernel('R')).as("%s: looks the kernel said R (running or ready), of %d: %s", s.name(), s.looks(), s)
                    .isGreaterThanOrEqualTo(s.looks() * 9 / 10);
        }
        assertThat(s.cpuNanos()).as("%s: CPU used over %d ms: %s", s.name(), s.wallNanos() / 1_000_000, s)
                .isGreaterThanOrEqualTo(s.wallNanos() / 100);
        if (s.readyNanos() >= 0) {
            assertThat(s.cpuNanos() + s.readyNanos()).as("%s: on a CPU or ready for one: %s", s.name(), s)
                    .isGreaterThanOrEqualTo(s.wallNanos() / 4);
        }
    }
}
