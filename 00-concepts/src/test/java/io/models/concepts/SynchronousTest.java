package io.models.concepts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 同步: "发起同步调用后,就在原地等着任务结束,根本不考虑任务是在计算还是在io阻塞" — and, from 阻塞: "对于同步
 * 调用来说,很多时候当前线程还是激活的" (synchronous is not blocking: the thread doing the work is active).
 */
@Timeout(120)
class SynchronousTest {

    static final Duration WINDOW = Duration.ofMillis(500);

    /** The caller is parked in get() and uses no CPU; the worker computing the task is RUNNABLE (R) and uses it. */
    @Test
    void theCallerWaitsParkedWhileTheTaskComputesOnARunnableThread() throws Exception {
        Synchronous.Result r = Synchronous.whileTheTaskComputes(WINDOW);

        Timeline t = r.timeline();
        assertThat(t.before("call", "task starts")).isTrue();
        assertThat(t.before("stop", "task done")).as("the task ran until asked to stop: %s", t.events()).isTrue();
        assertThat(t.before("task done", "returned")).as("get() returned after the task was done: %s", t.events()).isTrue();
        assertThat(t.at("task starts").thread()).isEqualTo("worker");

        Looks.asleep(r.caller(), Thread.State.WAITING);
        Looks.wantsTheCpu(r.worker());
        // Same window: the caller's CPU is ~0 (at most 1%, above), the worker's whatever the machine
        // gives a runnable thread: hundreds of ms quiet, 9.6 ms once at load average 15. 20x a
        // parked thread's tens of us is about 1 ms.
        assertThat(r.worker().cpuNanos()).as("CPU of the worker (%s) against the caller's (%s) (limit 20x)", r.worker(),
                r.caller()).isGreaterThanOrEqualTo(20 * r.caller().cpuNanos());
    }

    /** The caller waits the same way when the task is blocked on IO; then the worker is asleep too. */
    @Test
    void theCallerWaitsTheSameWayWhileTheTaskIsBlockedOnIo() throws Exception {
        Synchronous.Result r = Synchronous.whileTheTaskWaitsForData(WINDOW);

        Timeline t = r.timeline();
        assertThat(t.before("stop", "task done")).as("read() returned after the data was sent: %s", t.events()).isTrue();
        assertThat(t.before("task done", "returned")).as("get() returned after the task was done: %s", t.events()).isTrue();
        assertThat(t.at("returned").text()).endsWith("returned 5");

        Looks.asleep(r.caller(), Thread.State.WAITING);
        Looks.asleepInNativeCode(r.worker());
    }
}
