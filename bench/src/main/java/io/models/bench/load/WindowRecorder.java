package io.models.bench.load;

import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One worker's counts for the measured window: written by the worker's thread only, and handed to
 * the caller through {@link #collect}, which the worker answers between two selects.
 */
final class WindowRecorder {

    static final long MAX_LATENCY_NS = TimeUnit.MINUTES.toNanos(10);

    /** What one worker measured in the window. */
    record Part(Histogram latency, long requests, long bytes, long starved) {
    }

    private final Control control;
    private final Histogram latency = new Histogram(MAX_LATENCY_NS, 3);
    private long requests;
    private long bytes;
    private int seenGen;

    // The hand-over: the caller sets collectAt and waits on collected; the worker sets part.
    private volatile long collectAt;
    private volatile Part part;
    private volatile CountDownLatch collected;

    WindowRecorder(Control control) {
        this.control = control;
    }

    /** A ping-pong request's whole reply came back. */
    void request(LoadConnection c, long latencyNs, int replyBytes) {
        if (control.recording) {
            mark(c);
            requests++;
            bytes += replyBytes;
            latency.recordValue(Math.min(latencyNs, MAX_LATENCY_NS));
        }
    }

    /** Stream bytes came back, checked. */
    void bytes(LoadConnection c, int n) {
        if (control.recording) {
            mark(c);
            bytes += n;
        }
    }

    /** {@code c} completed something in this window (so it is not starved); a new window starts the counts again. */
    private void mark(LoadConnection c) {
        int gen = control.windowGen;
        if (gen != seenGen) {
            reset(gen);
        }
        c.gen = gen;
    }

    private void reset(int gen) {
        seenGen = gen;
        latency.reset();
        requests = 0;
        bytes = 0;
    }

    /** The worker's side: if the caller is waiting for the window, the part is made now. */
    void answer(List<LoadConnection> conns) {
        long at = collectAt;
        if (at != 0 && part == null) {
            part = finish(at, conns);
            collected.countDown();
        }
    }

    /** The worker ends: a caller waiting for it is let go (and finds no part). */
    void release() {
        CountDownLatch l = collected;
        if (l != null) {
            l.countDown();
        }
    }

    /**
     * The caller's side: asks the worker for its part of the window that ended at {@code end} and
     * waits for it (at most 20 s, less if the worker's thread ends).
     *
     * @return the part, or null if the worker did not answer
     */
    Part collect(long end, Selector sel, Thread worker) throws InterruptedException {
        collected = new CountDownLatch(1);
        part = null;
        collectAt = end;
        sel.wakeup();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!collected.await(50, TimeUnit.MILLISECONDS)) {
            if (!worker.isAlive() || System.nanoTime() > deadline) {
                break;
            }
        }
        collectAt = 0;
        return part;
    }

    private Part finish(long end, List<LoadConnection> conns) {
        int gen = control.windowGen;
        if (seenGen != gen) {
            reset(gen);
        }
        long starved = 0;
        for (LoadConnection c : conns) {
            if (!c.active && c.state == LoadConnection.State.TOUCHING) {
                starved++; // an idle connection whose one request was never answered
            }
            if (c.active && c.gen != gen) {
                starved++;
                // Waited the whole window and more: its wait so far is a lower bound of its latency.
                Request r = c.request;
                if (c.open() && r != null && r.sentAt < control.windowStart) {
                    latency.recordValue(Math.min(end - r.sentAt, MAX_LATENCY_NS));
                }
            }
        }
        return new Part(latency.copy(), requests, bytes, starved);
    }
}
