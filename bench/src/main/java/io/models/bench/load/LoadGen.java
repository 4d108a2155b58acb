package io.models.bench.load;

import io.models.common.protocol.Protocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The load generator: one or two {@link LoadWorker} threads, each with its own selector (epoll),
 * driving every connection without blocking. Every byte of every reply is checked against
 * {@link Protocol#upper} of what was sent; the first wrong byte stops the run
 * ({@link MismatchException}).
 *
 * <p>Use: {@link #start}, {@link #awaitReady} (every connection open and answered once),
 * {@link #go} (the load starts on every active connection at once), let it run unmeasured (the
 * warm-up), {@link #startWindow}, wait, {@link #endWindow}, {@link #close}.
 *
 * <p>The pieces: {@link Connector} opens the connections; {@link PingPongConnection} and
 * {@link StreamConnection} are a connection's state in each shape (both start with one {@link Request},
 * the touch); {@link WindowRecorder} counts the window; {@link Control} is what the caller and the
 * workers share.
 */
public final class LoadGen implements AutoCloseable {

    /** A reply that was not {@code upper(request)}: the run is worthless and stops. */
    public static final class MismatchException extends RuntimeException {
        public MismatchException(String message) {
            super(message);
        }
    }

    /**
     * What was measured between {@link #startWindow} and {@link #endWindow}.
     *
     * @param requests   ping-pong requests whose whole reply came in the window
     * @param replyBytes reply bytes received (and checked) in the window
     * @param latency    request to whole reply, in ns; plus, for a connection that got no reply in
     *                   the whole window, the age of its request at the end (a lower bound)
     * @param starved    active connections that got no complete reply (ping-pong) or no byte
     *                   (stream) in the whole window, and idle ones whose one request is still
     *                   unanswered
     * @param errors     connections that failed (connect, reset, closed by the server) since start
     */
    public record Window(double seconds, long requests, long replyBytes, Histogram latency, long starved,
                  long errors, List<String> errorSamples) {
    }

    private final Control control = new Control();
    private final List<LoadWorker> workers = new ArrayList<>();

    public LoadGen(InetSocketAddress server, Load load, int threads) {
        Payloads payloads = new Payloads(load.messageBytes());
        int n = Math.max(1, Math.min(threads, load.connections()));
        for (int w = 0; w < n; w++) {
            List<Integer> mine = new ArrayList<>();
            for (int i = w; i < load.connections(); i += n) {
                mine.add(i); // connection i is idle if i < load.idle(): the idle ones open first
            }
            workers.add(new LoadWorker(w + 1, server, load, payloads, control, mine));
        }
    }

    /**
     * Starts the threads: they open every connection, a bounded number at a time, and each active
     * one begins to send as soon as it is open.
     */
    public void start() {
        for (LoadWorker w : workers) {
            w.thread.start();
        }
    }

    /**
     * Waits until every connection is open (or failed) and, where the load says so, answered once.
     *
     * @param timeout the longest wait
     * @param stall   give up sooner if nothing at all moved for this long (a server that stopped
     *                accepting or answering)
     * @return true if ready; false if it gave up (the run goes on; the stragglers show as errors or
     *         starved connections)
     */
    public boolean awaitReady(Duration timeout, Duration stall) throws InterruptedException {
        long now = System.nanoTime();
        long deadline = now + timeout.toNanos();
        long lastProgress = now;
        long lastCount = -1;
        while (now < deadline && now - lastProgress < stall.toNanos()) {
            checkMismatch();
            boolean ready = true;
            long count = 0;
            for (LoadWorker w : workers) {
                ready &= w.ready;
                count += w.connected() + w.answered;
            }
            if (ready) {
                return true;
            }
            if (count != lastCount) {
                lastCount = count;
                lastProgress = now;
            }
            Thread.sleep(5);
            now = System.nanoTime();
        }
        return false;
    }

    /** Starts the load on every active connection (those answered once; the rest once they are). */
    public void go() {
        control.go = true;
        workers.forEach(LoadWorker::wakeup);
    }

    /** Connections answered once so far. */
    public int answered() {
        return workers.stream().mapToInt(w -> w.answered).sum();
    }

    /** Connections open now (for the progress line). */
    public int connected() {
        return workers.stream().mapToInt(LoadWorker::connected).sum();
    }

    /** Connections open now and not failed since (the lab's connections chart). */
    public int open() {
        return workers.stream().mapToInt(LoadWorker::open).sum();
    }

    /** Connections that failed since start (refused, reset, closed by the server). */
    public long errors() {
        return workers.stream().mapToLong(w -> w.errors).sum();
    }

    /** From now on, replies are counted and timed. */
    public void startWindow() {
        checkMismatch();
        control.windowStart = System.nanoTime();
        control.windowGen++;
        control.recording = true;
    }

    /** Stops counting and returns what the window measured. */
    public Window endWindow() throws InterruptedException {
        control.recording = false;
        long end = System.nanoTime();
        double seconds = (end - control.windowStart) / 1e9;
        Histogram latency = new Histogram(WindowRecorder.MAX_LATENCY_NS, 3);
        long requests = 0;
        long bytes = 0;
        long starved = 0;
        for (LoadWorker w : workers) {
            WindowRecorder.Part p = w.collect(end);
            latency.add(p.latency());
            requests += p.requests();
            bytes += p.bytes();
            starved += p.starved();
        }
        checkMismatch();
        long errors = workers.stream().mapToLong(w -> w.errors).sum();
        return new Window(seconds, requests, bytes, latency, starved, errors, control.errorSamples());
    }

    /** Throws if any reply so far was wrong. */
    public void checkMismatch() {
        control.check();
    }

    @Override
    public void close() {
        control.closing = true;
        workers.forEach(LoadWorker::wakeup);
        for (LoadWorker w : workers) {
            try {
                w.thread.join(TimeUnit.SECONDS.toMillis(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
