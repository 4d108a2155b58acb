package io.models.concepts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 异步: "发起异步调用后,并不会等待任务结束才返回,相反,会立即获取一个临时结果", and "当该异步功能完成后,通过
 * 状态、通知或回调来通知调用者".
 */
@Timeout(120)
class AsynchronousTest {

    /**
     * The call returns a future that is not done; the caller goes on with its own work before the
     * task is done (the task only ends when the tour asks, and the tour asks only once the caller is
     * at its own work: a call that waited would never get there); the callback runs on the worker,
     * after the task.
     */
    @Test
    void theCallerGoesOnAndTheResultArrivesByCallback() throws Exception {
        Asynchronous.Result r = Asynchronous.run(SynchronousTest.WINDOW);

        Timeline t = r.timeline();
        assertThat(r.doneWhenReturned()).as("the future was done when supplyAsync returned").isFalse();
        assertThat(t.before("returned", "task done")).as("returned before the result existed: %s", t.events()).isTrue();
        assertThat(t.before("own work starts", "task done")).as("went on before the result existed: %s", t.events()).isTrue();
        assertThat(t.at("own work starts").thread()).isEqualTo("caller");
        assertThat(t.before("task done", "callback")).as("notified after the task was done: %s", t.events()).isTrue();
        assertThat(r.callbackThread()).as("the thread the callback ran on").isEqualTo("worker");
        assertThat(t.at("callback").thread()).isEqualTo("worker");

        Looks.wantsTheCpu(r.caller()); // its own work, at the same time as the task
        Looks.wantsTheCpu(r.worker());
    }
}
