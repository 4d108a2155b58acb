package io.models.common.connection;

/**
 * Something a loop thread does at a given time besides serving its sockets: the idle sweep, or
 * accepting again after accept() failed. The loop runs what is due, then waits for its sockets no
 * longer than until the next one ({@link #runDue}).
 */
public interface LoopTimer {

    /** True while the timer has something to do at {@link #dueAt()}. */
    boolean isSet();

    /** When it is due (System.nanoTime), while it is set. */
    long dueAt();

    /** Does what is due; {@code now} is System.nanoTime(). */
    void run(long now);

    /**
     * Runs the timers that are due, and says how long the loop may then wait for its sockets.
     * With no timer set it does not even read the clock.
     *
     * @return milliseconds until the next timer (at least 1), or 0 if none is set: wait for ever
     *         (the meaning of 0 in {@code Selector.select(long)})
     */
    static long runDue(LoopTimer... timers) {
        boolean any = false;
        for (LoopTimer t : timers) {
            any |= t.isSet();
        }
        if (!any) {
            return 0;
        }
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (LoopTimer t : timers) {
            if (t.isSet() && now - t.dueAt() >= 0) {
                t.run(now);
            }
            if (t.isSet()) {
                next = Math.min(next, t.dueAt() - now);
            }
        }
        return next == Long.MAX_VALUE ? 0 : Math.max(1, Math.ceilDiv(next, 1_000_000));
    }
}
