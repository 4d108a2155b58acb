package io.models.concepts;

import java.util.concurrent.Callable;

/**
 * A task that needs nothing but the CPU: the note's 累计1亿次 (adding up a hundred million
 * numbers), done in rounds of a million until it is asked to stop, so that it runs for as long as
 * the tour watches it, however fast the machine. Between rounds it looks whether it should stop
 * (asked to, or interrupted): that look is not a wait, the task works between looks.
 */
final class Counting implements Callable<Long> {

    static final int ROUND = 1_000_000;

    private final Timeline timeline;
    private final String name;
    private final Watched thread;
    private volatile boolean stop;
    private long sum; // kept, so that the JIT cannot drop the additions

    /** {@code name} labels the events it marks: "NAME starts", "NAME done". */
    Counting(Timeline timeline, String name) {
        this.timeline = timeline;
        this.name = name;
        this.thread = new Watched(name);
    }

    /** Counts on the calling thread until {@link #stop()}; returns how many numbers it added. */
    long count() {
        thread.here();
        timeline.mark(name + " starts", name + " starts adding up numbers (累计), a million at a time");
        long deadline = System.nanoTime() + Watch.DEADLINE.toNanos(); // stops by itself if nobody asks
        long rounds = 0;
        long s = 0;
        while (!stop && !Thread.currentThread().isInterrupted() && System.nanoTime() - deadline < 0) {
            for (int i = 0; i < ROUND; i++) {
                s = s * 31 + i;
            }
            rounds++;
        }
        sum = s;
        timeline.mark(name + " done", "%s done: added %,d numbers".formatted(name, rounds * ROUND));
        return rounds * ROUND;
    }

    @Override
    public Long call() {
        return count();
    }

    /** Asks the counting to end after the current round. */
    void stop() {
        stop = true;
    }

    /** The thread that counts (it says so when it starts). */
    Watched thread() {
        return thread;
    }
}
