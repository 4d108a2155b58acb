package io.models.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Waiting for a thread or a latch: it waits (and does not spin), and an interrupt is kept, not lost. */
@Timeout(60)
class ThreadsTest {

    /** A thread that ends once {@code go} is open. */
    private static Thread waitingFor(CountDownLatch go) {
        return Thread.ofPlatform().start(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void joinWaitsUntilTheThreadHasEnded() {
        CountDownLatch go = new CountDownLatch(1);
        Thread t = waitingFor(go);
        CompletableFuture<Boolean> waited = WhenWaiting.then(Thread.currentThread(), go::countDown);
        Threads.join(t);
        assertThat(t.isAlive()).isFalse();
        assertThat(waited.join()).as("the joining thread waited, it did not spin").isTrue();
        assertThat(Thread.currentThread().isInterrupted()).as("nobody interrupted it").isFalse();
        Threads.join(t); // ended already: at once
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptDoesNotCutAJoinShortAndIsKept() {
        CountDownLatch go = new CountDownLatch(1);
        Thread t = waitingFor(go);
        Thread joining = Thread.currentThread();
        WhenWaiting.then(joining, () -> {
            joining.interrupt();
            go.countDown();
        });
        Threads.join(t);
        assertThat(t.isAlive()).as("the interrupt did not end the wait").isFalse();
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }

    @Test
    void awaitWaitsUntilTheLatchIsOpenAndKeepsAnInterrupt() {
        CountDownLatch open = new CountDownLatch(1);
        Thread waiting = Thread.currentThread();
        CompletableFuture<Boolean> waited = WhenWaiting.then(waiting, () -> {
            waiting.interrupt();
            open.countDown();
        });
        Threads.await(open);
        assertThat(open.getCount()).isZero();
        assertThat(waited.join()).isTrue();
        assertThat(Thread.interrupted()).isTrue();
        Threads.await(open); // open already: at once
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
