package io.models.common.server;

import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/** Waiting for what a server started to end, even if the waiting thread is interrupted meanwhile. */
public final class Threads {

    private Threads() {
    }

    /** A wait that an interrupt may cut short: {@code Thread::join}, {@code CountDownLatch::await}. */
    @FunctionalInterface
    public interface Wait {
        void await() throws InterruptedException;
    }

    /** Waits until {@code t} has ended, even if this thread is interrupted meanwhile (kept set). */
    public static void join(Thread t) {
        uninterruptibly(() -> !t.isAlive(), t::join);
    }

    /** Waits until {@code latch} is open, even if this thread is interrupted meanwhile (kept set). */
    public static void await(CountDownLatch latch) {
        uninterruptibly(() -> latch.getCount() == 0, latch::await);
    }

    private static void uninterruptibly(BooleanSupplier done, Wait wait) {
        boolean interrupted = false;
        while (!done.getAsBoolean()) {
            try {
                wait.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
