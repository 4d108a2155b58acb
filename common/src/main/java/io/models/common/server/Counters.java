package io.models.common.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * A server's live counters; {@link #snapshot()} reads them all into a {@link Stats}. Every chapter
 * counts the same events in the same places: a connection accepted, bytes read, bytes written, a
 * connection closed (cleanly or by a reset). Thread-safe.
 */
public final class Counters {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder errors = new LongAdder();

    /** A new connection was accepted. */
    public void accepted() {
        accepted.increment();
    }

    /** A connection was closed; {@code reset} when it ended with an IO error rather than EOF. */
    public void closed(boolean reset) {
        closed.increment();
        if (reset) {
            resets.increment();
        }
    }

    /** A connection over the limit was accepted and closed at once (not counted as accepted). */
    public void refused() {
        refused.increment();
    }

    /** A connection is being closed because it sent nothing for the idle timeout (also call closed). */
    public void timedOut() {
        timeouts.increment();
    }

    /** A connection is being closed because handling it failed (also call closed). */
    public void failed() {
        errors.increment();
    }

    /** Connections open right now. */
    public long active() {
        long c = closed.sum();
        return accepted.sum() - c;
    }

    /** {@code n} bytes were read from a client (they are pending until written). */
    public void read(long n) {
        bytesIn.add(n);
    }

    /** {@code n} bytes were written to a client. */
    public void written(long n) {
        bytesOut.add(n);
    }

    /**
     * The counters now. Pending is bytes in minus bytes out minus bytes dropped (a connection closed
     * with bytes still pending, a reset mid-transfer say, has them dropped). Every byte is counted in
     * before it is counted out or dropped, so reading dropped, then out, then in never shows a
     * negative pending while others count: a negative one is an over-count, and shows as such.
     */
    public Stats snapshot() {
        long c = closed.sum();
        long a = accepted.sum();
        long drop = dropped.sum();
        long out = bytesOut.sum();
        long in = bytesIn.sum();
        return new Stats(a - c, a, c, resets.sum(), refused.sum(), timeouts.sum(), errors.sum(), in, out,
                in - out - drop);
    }

    /**
     * Grows whenever the server did anything (bytes in or out, a connection accepted or closed): a
     * polling loop compares it before and after a pass to see whether the pass was for nothing.
     */
    public long progress() {
        return bytesIn.sum() + bytesOut.sum() + accepted.sum() + closed.sum();
    }

    /** A closed connection still held {@code n} bytes read and never written: they are gone. */
    public void dropped(long n) {
        dropped.add(n);
    }
}
