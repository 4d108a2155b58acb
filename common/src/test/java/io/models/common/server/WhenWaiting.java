package io.models.common.server;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Lets a test go on only once a thread is seen waiting: the proof that it waits (in the kernel, not
 * spinning) and has not returned early. No sleep: the thread's state is polled until it is seen.
 */
final class WhenWaiting {

    private WhenWaiting() {
    }

    /**
     * Once {@code waiter} is seen WAITING, runs {@code then}; after 5 s without seeing it, runs it
     * anyway, so that a test whose waiter spins or never waits still ends. Completes with whether
     * the waiter was seen waiting.
     */
    static CompletableFuture<Boolean> then(Thread waiter, Runnable then) {
        CompletableFuture<Boolean> seen = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            boolean waited = false;
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.WAITING);
                waited = true;
            } catch (ConditionTimeoutException e) {
                // not seen: the test says so
            } finally {
                then.run();
                seen.complete(waited);
            }
        });
        return seen;
    }
}
