package io.models.concepts;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.concepts.Watch.Sample;

/**
 * What a thread looks like from outside when it is asleep, and when it wants the CPU. The kernel's
 * state at each look (S asleep, R running or ready) does not depend on how busy the machine is; a
 * sleeping thread's CPU and ready time do not either (none). How much CPU a thread that wants it
 * gets does, so it is only compared with a sleeping thread's, in the same window.
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
        // A sleeping thread's CPU and ready time (the JVM's per-thread clock, schedstat) are none
        // whatever the load: only the look that wakes it at the window's edge counts, tens of us.
        // 1% of the window (5 ms of 500) is 100x that; a thread that woke even every 10 ms to
        // check would pass it.
        assertThat(s.cpuNanos()).as("%s: CPU used over %d ms: %s (limit 1%%)", s.name(), s.wallNanos() / 1_000_000, s)
                .isBetween(0L, s.wallNanos() / 100);
        if (s.readyNanos() >= 0) {
            assertThat(s.readyNanos()).as("%s: time ready for a CPU: %s", s.name(), s).isLessThanOrEqualTo(s.wallNanos() / 100);
        }
    }

    /**
     * Wanting the CPU all through the window: RUNNABLE to the JVM, R (running or ready to run) to
     * the kernel, and some CPU used. How much it gets depends on the machine, not on the thread: on
     * this shared 2-core VM a spinning thread once got 9.6 ms of CPU in 511 ms (load average 15),
     * and the kernel said R at all 20 looks. So the share is shown by the tour, and the tests compare
     * it only with the CPU of a sleeping thread in the same window.
     */
    static void wantsTheCpu(Sample s) {
        assertThat(s.java(Thread.State.RUNNABLE)).as("%s: looks that saw RUNNABLE, of %d: %s", s.name(), s.looks(), s)
                .isEqualTo(s.looks());
        if (s.kernelSeen()) {
            assertThat(s.kernel('R')).as("%s: looks the kernel said R (running or ready), of %d: %s", s.name(), s.looks(), s)
                    .isGreaterThanOrEqualTo(s.looks() * 9 / 10);
        }
        assertThat(s.cpuNanos()).as("%s: CPU used over %d ms: %s", s.name(), s.wallNanos() / 1_000_000, s).isPositive();
    }
}
