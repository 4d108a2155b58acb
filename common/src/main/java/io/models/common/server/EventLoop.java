package io.models.common.server;

/**
 * A server driven by one select loop (04, 06). It counts how often its {@code select()} returned,
 * so a test can see that an idle server sleeps in the kernel instead of spinning (for example on
 * a reset connection whose key was never cancelled).
 */
public interface EventLoop {

    /** How many times the loop's select call has returned since start. */
    long wakeups();

    /**
     * How many keys the selector holds now (the listener's and one per open connection), so a test
     * can see that a closed connection leaves no key behind.
     */
    int keyCount();
}
