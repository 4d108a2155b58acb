package io.models.concepts;

import io.models.concepts.Watch.Sample;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The note's warning, under 异步: "如果异步功能用状态来通知,那么调用者就需要每隔一定时间检查一次,效率就很低
 * (有些初学多线程编程的人,总喜欢用一个循环去检查某个变量的值,这其实是一种很严重的错误)。如果是使用通知的
 * 方式,效率则很高" (if the result is signalled by a state, the caller must check it again and again,
 * which is inefficient; beginners like to check a variable in a loop, which is a serious mistake;
 * a notification is efficient). Two threads wait for the same event: one checks a variable in a
 * loop, the other waits on a {@link CountDownLatch} until it is notified.
 */
final class BusyPolling {

    /** What happened, how each waiter looked while nothing happened, and how often the poller checked. */
    record Result(Timeline timeline, Sample polling, Sample notified, long checks) {
    }

    static final String POLLING = "polling";
    static final String NOTIFIED = "notified";

    private volatile boolean ready; // the variable the polling thread checks
    private volatile long checks;

    private BusyPolling() {
    }

    /** Both wait; the tour watches them for {@code window}, then the event happens. */
    static Result run(Duration window) throws Exception {
        BusyPolling state = new BusyPolling();
        CountDownLatch event = new CountDownLatch(1);
        Timeline timeline = new Timeline();
        Watched polling = Watched.platform(POLLING, () -> {
            timeline.mark("polling waits", "while (!ready) { }: checks the variable, again and again");
            long deadline = System.nanoTime() + Watch.DEADLINE.toNanos();
            long n = 0;
            while (!state.ready) { // 用一个循环去检查某个变量的值
                n++;
                if ((n & 0xFFFFF) == 0 && System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("no event within " + Watch.DEADLINE.toSeconds() + " s");
                }
            }
            state.checks = n;
            timeline.mark("polling sees", "sees it, after %,d checks".formatted(n));
        });
        Watched notified = Watched.platform(NOTIFIED, () -> {
            timeline.mark("notified waits", "event.await(): sleeps until it is told");
            if (!event.await(Watch.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) { // 通知
                throw new IllegalStateException("no event within " + Watch.DEADLINE.toSeconds() + " s");
            }
            timeline.mark("notified wakes", "woken by the notification");
        });
        try {
            Watch.until("both waiting", () -> timeline.has("polling waits") && timeline.has("notified waits")
                    && notified.javaState() == Thread.State.TIMED_WAITING);
            List<Sample> seen = Watch.over(window, polling, notified);
            timeline.observer("event", "the event happens: ready = true; event.countDown()");
            state.ready = true;
            event.countDown();
            polling.join();
            notified.join();
            return new Result(timeline, seen.get(0), seen.get(1), state.checks);
        } finally { // if something went wrong, both stop waiting too
            state.ready = true;
            event.countDown();
        }
    }
}
