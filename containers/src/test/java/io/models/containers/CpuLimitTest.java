package io.models.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.testkit.Probes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 三、非阻塞IO, 缺点 1: polling burns the CPU even with nothing to do. Under {@code --cpus 0.5}
 * (the CFS quota: 50 ms of CPU in every 100 ms period) an idle 03-nonblocking wants the CPU in
 * every period, uses its whole quota and is throttled; an idle 06-selectors sleeps in epoll_wait,
 * wants the CPU in few periods and is never throttled. The kernel's own count says so:
 * {@code cpu.stat} of the container's cgroup ({@code nr_periods} counts the periods in which the
 * cgroup had something to run).
 */
@Docker.Needed
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CpuLimitTest {

    static final double CPUS = 0.5;
    static final Duration IDLE = Duration.ofSeconds(3);

    @Test
    void pollingIdleIsThrottled() throws Exception {
        Cgroup.Cpu idle = idleUnderTheQuota("03-nonblocking");
        // Most periods (06 wants it in a fifth at most): not all, since on a busy machine (other
        // builds) a polling loop may wait a whole period for a core.
        assertThat(idle.periods()).as("100 ms periods in which it wanted the CPU, of %d", periodsIn(IDLE))
                .isGreaterThanOrEqualTo(periodsIn(IDLE) * 6 / 10);
        // The quota bites only if the machine gives it that much CPU: a busy machine (other builds)
        // gives a polling loop less, and then it waits for a core, not for the quota.
        double cores = idle.usageNanos() / (double) IDLE.toNanos();
        assumeTrue(cores >= CPUS * 0.9, "the machine was too busy to give 03-nonblocking its quota (it got %.2f of a "
                .formatted(cores) + "core): CFS throttles only a cgroup that has used its quota");
        assertThat(idle.throttled()).as("periods throttled, of %d", idle.periods())
                .isGreaterThanOrEqualTo(idle.periods() / 2);
    }

    /**
     * What the lesson claims of an idle selector: it is not throttled, since it uses a sliver of its
     * quota. Measured here: 0.001 of a core, throttled in 0 periods. The margins: at most one
     * throttled period (a JIT compile or a GC right after the client left may land in one), and
     * under 0.05 of a core, 50 times what it uses and a tenth of the quota (03 uses all of it). How
     * many periods it wanted the CPU in is not asserted: that counts the wake-ups of the JVM's own
     * threads (its compiler, GC and timers) and the host's timer slack, not the model (one run on a
     * quiet machine counted 7 of 30 while using 0.001 of a core).
     */
    @Test
    void selectorIdleIsNotThrottled() throws Exception {
        Cgroup.Cpu idle = idleUnderTheQuota("06-selectors");
        assertThat(idle.throttled()).as("periods throttled, of %d", idle.periods()).isLessThanOrEqualTo(1);
        assertThat(idle.usageNanos()).as("CPU used over %s, in ns", IDLE)
                .isLessThan((long) (IDLE.toNanos() * CPUS / 10));
    }

    /** CFS periods (100 ms, Docker's default) in {@code window}. */
    private static long periodsIn(Duration window) {
        return window.toMillis() / 100;
    }

    /** The chapter's server under the quota, serving one client, then idle: what cpu.stat counted meanwhile. */
    private static Cgroup.Cpu idleUnderTheQuota(String name) throws Exception {
        try (ChapterContainer server = ChapterContainer.of(PackagedChapter.named(name)).cpus(CPUS).start()) {
            ClientChecks.assertServes(server.port(), "one client, then nothing");
            Cgroup cgroup = server.cgroup();
            Cgroup.Cpu before = cgroup.cpu();
            long start = System.nanoTime();
            Probes.measureOver(IDLE);
            Cgroup.Cpu idle = cgroup.cpu().minus(before);
            double seconds = (System.nanoTime() - start) / 1e9;
            Measured.line("cpus " + name, "--cpus %s, idle for %.1f s (cgroup %s): throttled in %d of %d periods "
                            + "(%.2f s in all), used %.3f of a core", CPUS, seconds, cgroup.version(),
                    idle.throttled(), idle.periods(), idle.throttledNanos() / 1e9, idle.usageNanos() / 1e9 / seconds);
            return idle;
        }
    }
}
