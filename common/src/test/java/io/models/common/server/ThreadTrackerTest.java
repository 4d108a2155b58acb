package io.models.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The threads a server starts, remembered so that close() can wait until each has really ended. */
@Timeout(60)
class ThreadTrackerTest {

    @Test
    void namedThreadsAreNumberedFromOne() {
        ThreadFactory named = new ThreadTracker().named("test-worker-");
        assertThat(named.newThread(() -> { }).getName()).isEqualTo("test-worker-1");
        assertThat(named.newThread(() -> { }).getName()).isEqualTo("test-worker-2");
    }

    @Test
    void joinAllWaitsForEveryThreadStillRunningThoughOthersHaveEnded() throws InterruptedException {
        ThreadTracker tracker = new ThreadTracker();
        ThreadFactory factory = tracker.track(Thread.ofPlatform().factory());
        CountDownLatch go = new CountDownLatch(1);
        Thread running = factory.newThread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.start();
        Thread ended = factory.newThread(() -> { });
        ended.start();
        ended.join();
        Thread later = factory.newThread(() -> { }); // made after one has ended: that one is forgotten, not the other
        later.start();
        CompletableFuture<Boolean> waited = WhenWaiting.then(Thread.currentThread(), go::countDown);
        tracker.joinAll();
        assertThat(running.isAlive()).as("joined").isFalse();
        assertThat(later.isAlive()).isFalse();
        assertThat(waited.join()).isTrue();
    }
}
