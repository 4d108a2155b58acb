package io.models.concepts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "用一个循环去检查某个变量的值,这其实是一种很严重的错误 …… 如果是使用通知的方式,效率则很高": two threads
 * wait for one event, one checking a variable in a loop, one waiting for a notification.
 */
@Timeout(120)
class BusyPollingTest {

    /**
     * While nothing happens, the polling thread wants the CPU all along and uses it; the notified
     * one sleeps and uses none. Both see the event.
     */
    @Test
    void pollingAVariableBurnsTheCpuThatANotificationDoesNot() throws Exception {
        BusyPolling.Result r = BusyPolling.run(SynchronousTest.WINDOW);

        Timeline t = r.timeline();
        assertThat(t.before("event", "polling sees")).as("%s", t.events()).isTrue();
        assertThat(t.before("event", "notified wakes")).as("%s", t.events()).isTrue();

        Looks.wantsTheCpu(r.polling());
        Looks.asleep(r.notified(), Thread.State.TIMED_WAITING);
        // As in SynchronousTest: the notified thread's CPU is ~0, the polling one's what the machine
        // gives it (9.6 ms at the least seen); 20x tens of us is about 1 ms.
        assertThat(r.polling().cpuNanos()).as("CPU of the polling thread (%s) against the notified one's (%s) (limit 20x)",
                r.polling(), r.notified()).isGreaterThanOrEqualTo(20 * r.notified().cpuNanos());
        assertThat(r.checks()).as("times the polling thread checked the variable").isGreaterThan(r.polling().looks());
    }
}
