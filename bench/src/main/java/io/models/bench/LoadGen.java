package io.models.bench;

import io.models.common.protocol.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The load generator: one or two threads, each with its own {@link Selector} (epoll), driving
 * every connection without blocking. Every byte of every reply is checked against
 * {@link Protocol#upper} of what was sent; the first wrong byte stops the run
 * ({@link MismatchException}).
 *
 * <p>Use: {@link #start}, {@link #awaitReady} (every connection open and answered once),
 * {@link #go} (the load starts on every active connection at once), let it run unmeasured (the
 * warm-up), {@link #startWindow}, wait, {@link #endWindow}, {@link #close}.
 */
final class LoadGen implements AutoCloseable {

    /** Connections a worker has in the middle of their handshake at once: the listen backlog is 1024. */
    static final int MAX_CONNECTING = 128;
    /** Stream: bytes sent and not yet back, at most, per connection. */
    static final int STREAM_IN_FLIGHT = 4 << 20;
    /** Distinct random requests per size; connection i's request r is number (i + r) % PAYLOADS. */
    static final int PAYLOADS = 8;
    static final long MAX_LATENCY_NS = TimeUnit.MINUTES.toNanos(10);
    private static final int SCRATCH_BYTES = 64 * 1024;
    private static final int MAX_ERROR_SAMPLES = 5;

    /** A reply that was not {@code upper(request)}: the run is worthless and stops. */
    static final class MismatchException extends RuntimeException {
        MismatchException(String message) {
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
    record Window(double seconds, long requests, long replyBytes, Histogram latency, long starved,
                  long errors, List<String> errorSamples) {
    }

    private final InetSocketAddress server;
    private final Load load;
    private final Worker[] workers;
    private final AtomicReference<String> mismatch = new AtomicReference<>();
    private volatile boolean closing;
    private volatile boolean recording;
    private volatile boolean go;
    private volatile int windowGen;
    private volatile long windowStart;
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

    // What is sent, and what must come back. Direct buffers are written; heap ones compared.
    private final ByteBuffer[] requests = new ByteBuffer[PAYLOADS];
    private final ByteBuffer[] replies = new ByteBuffer[PAYLOADS];
    private final ByteBuffer touchRequest;
    private final ByteBuffer touchReply;

    LoadGen(InetSocketAddress server, Load load, int threads) {
        this.server = server;
        this.load = load;
        Random random = new Random(42);
        for (int k = 0; k < PAYLOADS; k++) {
            byte[] bytes = randomText(random, load.messageBytes());
            requests[k] = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            replies[k] = ByteBuffer.wrap(Protocol.upper(bytes));
        }
        byte[] touch = randomText(random, Load.TOUCH_BYTES);
        touchRequest = ByteBuffer.allocateDirect(touch.length).put(touch).flip();
        touchReply = ByteBuffer.wrap(Protocol.upper(touch));

        int n = Math.max(1, Math.min(threads, load.connections()));
        workers = new Worker[n];
        List<List<Conn>> split = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            split.add(new ArrayList<>());
        }
        // Idle connections first, so they are open before the active ones begin.
        for (int i = 0; i < load.connections(); i++) {
            boolean active = i >= load.idle();
            split.get(i % n).add(new Conn(i, active));
        }
        for (int w = 0; w < n; w++) {
            workers[w] = new Worker(w + 1, split.get(w));
        }
    }

    /**
     * Random bytes, half of them lower-case ASCII letters, the rest any byte (so there are capitals,
     * digits, controls and bytes >= 0x80 too): every case of the protocol in every message.
     */
    static byte[] randomText(Random random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = random.nextBoolean() ? (byte) ('a' + random.nextInt(26)) : (byte) random.nextInt(256);
        }
        return b;
    }

    /**
     * Starts the threads: they open every connection, a bounded number at a time, and each active
     * one begins to send as soon as it is open.
     */
    void start() {
        for (Worker w : workers) {
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
    boolean awaitReady(Duration timeout, Duration stall) throws InterruptedException {
        long now = System.nanoTime();
        long deadline = now + timeout.toNanos();
        long lastProgress = now;
        long lastCount = -1;
        while (now < deadline && now - lastProgress < stall.toNanos()) {
            checkMismatch();
            boolean ready = true;
            long count = 0;
            for (Worker w : workers) {
                ready &= w.ready;
                count += w.connected + w.answered;
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
    void go() {
        go = true;
        for (Worker w : workers) {
            w.sel.wakeup();
        }
    }

    /** Connections answered once so far. */
    int answered() {
        int n = 0;
        for (Worker w : workers) {
            n += w.answered;
        }
        return n;
    }

    /** Connections open now (for the progress line). */
    int connected() {
        int n = 0;
        for (Worker w : workers) {
            n += w.connected;
        }
        return n;
    }

    /** From now on, replies are counted and timed. */
    void startWindow() {
        checkMismatch();
        windowStart = System.nanoTime();
        windowGen++;
        recording = true;
    }

    /** Stops counting and returns what the window measured. */
    Window endWindow() throws InterruptedException {
        recording = false;
        long end = System.nanoTime();
        double seconds = (end - windowStart) / 1e9;
        Histogram latency = new Histogram(MAX_LATENCY_NS, 3);
        long requests = 0;
        long bytes = 0;
        long starved = 0;
        for (Worker w : workers) {
            Worker.Part p = w.collect(end);
            latency.add(p.latency());
            requests += p.requests();
            bytes += p.bytes();
            starved += p.starved();
        }
        checkMismatch();
        long errors = 0;
        for (Worker w : workers) {
            errors += w.errors;
        }
        return new Window(seconds, requests, bytes, latency, starved, errors, List.copyOf(errorSamples));
    }

    /** Throws if any reply so far was wrong. */
    void checkMismatch() {
        String m = mismatch.get();
        if (m != null) {
            throw new MismatchException(m);
        }
    }

    @Override
    public void close() {
        closing = true;
        for (Worker w : workers) {
            w.sel.wakeup();
        }
        for (Worker w : workers) {
            try {
                w.thread.join(TimeUnit.SECONDS.toMillis(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One connection's state; only its worker touches it. */
    private static final class Conn {
        final int index;
        final boolean active;
        SocketChannel ch;
        SelectionKey key;
        int ops;
        boolean open;
        // ping-pong (and the idle connections' one request)
        ByteBuffer out;
        ByteBuffer expected;
        int got;
        long sentAt;
        boolean waiting;
        long requestNo;
        // stream
        long sent;
        long received;
        // the window in which this connection last completed something
        int gen;
        boolean touched; // its one request before the load was answered
        boolean started; // the load has begun on it
        boolean failed;

        Conn(int index, boolean active) {
            this.index = index;
            this.active = active;
        }
    }

    /** One thread, one selector, a share of the connections. */
    private final class Worker implements Runnable {

        record Part(Histogram latency, long requests, long bytes, long starved) {
        }

        final Selector sel;
        final Thread thread;
        final List<Conn> conns;
        final ArrayDeque<Conn> toConnect;
        final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BYTES);
        final int toTouch;
        int connecting;
        int resolved; // connected or failed
        int touchResolved; // idle connections answered once, or failed
        boolean started; // go() was seen: active connections start as soon as they are answered once
        volatile int connected;
        volatile int answered; // connections answered once
        volatile long errors;
        volatile boolean ready;

        // The window: written by this thread only, handed over through collect().
        final Histogram latency = new Histogram(MAX_LATENCY_NS, 3);
        long winRequests;
        long winBytes;
        int seenGen;
        volatile long collectAt;
        volatile Part part;
        volatile CountDownLatch collected;

        Worker(int id, List<Conn> conns) {
            this.conns = conns;
            this.toConnect = new ArrayDeque<>(conns);
            this.toTouch = load.touch() ? conns.size() : 0;
            Selector s;
            try {
                s = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a selector", e);
            }
            this.sel = s;
            this.thread = Thread.ofPlatform().name("bench-load-" + id).daemon().unstarted(this);
        }

        @Override
        public void run() {
            try {
                while (!closing && mismatch.get() == null) {
                    openMore();
                    if (go && !started) {
                        startAll();
                    }
                    sel.select(this::onKey, 100);
                    ready = resolved == conns.size() && touchResolved == toTouch;
                    long at = collectAt;
                    if (at != 0 && part == null) {
                        part = finishWindow(at);
                        collected.countDown();
                    }
                }
            } catch (IOException | RuntimeException e) {
                mismatch.compareAndSet(null, "load generator failed: " + e);
            } finally {
                for (Conn c : conns) {
                    if (c.ch != null) {
                        closeQuietly(c);
                    }
                }
                closeQuietly(sel);
                CountDownLatch l = collected;
                if (l != null) {
                    l.countDown();
                }
            }
        }

        Part collect(long end) throws InterruptedException {
            collected = new CountDownLatch(1);
            part = null;
            collectAt = end;
            sel.wakeup();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!collected.await(50, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive() || System.nanoTime() > deadline) {
                    break;
                }
            }
            collectAt = 0;
            Part p = part;
            if (p == null) {
                checkMismatch();
                throw new IllegalStateException("load generator thread " + thread.getName() + " did not answer");
            }
            return p;
        }

        private Part finishWindow(long end) {
            int gen = windowGen;
            if (seenGen != gen) {
                resetWindow(gen);
            }
            long starved = 0;
            for (Conn c : conns) {
                if (!c.active && load.touch() && c.open && !c.touched) {
                    starved++; // an idle connection whose one request was never answered
                }
                if (c.active && c.gen != gen) {
                    starved++;
                    // Waited the whole window and more: its wait so far is a lower bound of its latency.
                    if (c.open && c.waiting && c.sentAt < windowStart) {
                        latency.recordValue(Math.min(end - c.sentAt, MAX_LATENCY_NS));
                    }
                }
            }
            Histogram copy = latency.copy();
            return new Part(copy, winRequests, winBytes, starved);
        }

        private void resetWindow(int gen) {
            seenGen = gen;
            latency.reset();
            winRequests = 0;
            winBytes = 0;
        }

        private void openMore() {
            while (connecting < MAX_CONNECTING && !toConnect.isEmpty() && !closing) {
                Conn c = toConnect.poll();
                try {
                    c.ch = SocketChannel.open();
                    c.ch.configureBlocking(false);
                    c.ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    boolean done = c.ch.connect(server);
                    c.key = c.ch.register(sel, done ? 0 : SelectionKey.OP_CONNECT, c);
                    c.ops = done ? 0 : SelectionKey.OP_CONNECT;
                    if (done) {
                        connectedNow(c);
                    } else {
                        connecting++;
                    }
                } catch (IOException e) {
                    resolved++;
                    failed(c, "connect: " + e.getMessage());
                }
            }
        }

        private void onKey(SelectionKey key) {
            Conn c = (Conn) key.attachment();
            try {
                if (key.isConnectable()) {
                    connecting--;
                    if (c.ch.finishConnect()) {
                        connectedNow(c);
                    }
                    return;
                }
                boolean streaming = load.kind() == Load.Kind.STREAM && c.started;
                if (key.isWritable()) {
                    if (streaming) {
                        streamWrite(c);
                    } else {
                        flush(c);
                    }
                }
                if (c.open && key.isReadable()) {
                    if (streaming) {
                        streamRead(c);
                    } else {
                        pingPongRead(c);
                    }
                }
            } catch (IOException e) {
                if (!c.open && c.ops == SelectionKey.OP_CONNECT) {
                    resolved++;
                }
                failed(c, e.getMessage());
            }
        }

        private void connectedNow(Conn c) throws IOException {
            c.open = true;
            resolved++;
            connected++;
            if (load.touch()) {
                send(c, touchRequest, touchReply); // answered once before the load starts
            } else if (c.active) {
                startLoad(c);
            } else {
                interest(c, SelectionKey.OP_READ); // nothing is sent; a byte or an EOF is an error
            }
        }

        /** The load begins on an active connection. */
        private void startLoad(Conn c) throws IOException {
            c.started = true;
            if (load.kind() == Load.Kind.STREAM) {
                c.out = requests[0].duplicate();
                c.expected = replies[0];
                interest(c, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            } else {
                sendNext(c);
            }
        }

        /** {@link #go}: every active connection answered once starts now; any answered later, at once. */
        private void startAll() throws IOException {
            started = true;
            for (Conn c : conns) {
                if (c.active && c.open && c.touched && !c.started) {
                    try {
                        startLoad(c);
                    } catch (IOException e) {
                        failed(c, e.getMessage());
                    }
                }
            }
        }

        // ---- ping-pong ----

        private void sendNext(Conn c) throws IOException {
            int k = (int) ((c.index + c.requestNo) % PAYLOADS);
            send(c, requests[k], replies[k]);
        }

        private void send(Conn c, ByteBuffer request, ByteBuffer reply) throws IOException {
            c.out = request.duplicate();
            c.expected = reply;
            c.got = 0;
            c.waiting = true;
            c.sentAt = System.nanoTime();
            flush(c);
        }

        private void flush(Conn c) throws IOException {
            c.ch.write(c.out);
            interest(c, c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void pingPongRead(Conn c) throws IOException {
            ByteBuffer expected = c.expected;
            int want = c.waiting ? expected.capacity() - c.got : 1;
            scratch.clear().limit(Math.min(SCRATCH_BYTES, want));
            int n = c.ch.read(scratch);
            if (n < 0) {
                failed(c, "the server closed the connection" + (c.waiting ? " with a request outstanding" : ""));
                return;
            }
            if (n == 0) {
                return;
            }
            if (!c.waiting) {
                mismatch(c, "a byte arrived with no request outstanding (more reply than request)");
                return;
            }
            scratch.flip();
            int at = scratch.mismatch(expected.slice(c.got, n));
            if (at >= 0) {
                mismatch(c, "reply byte %d of %d is 0x%02x, expected 0x%02x".formatted(c.got + at,
                        expected.capacity(), scratch.get(at) & 0xff, expected.get(c.got + at) & 0xff));
                return;
            }
            c.got += n;
            if (c.got < expected.capacity()) {
                return;
            }
            // The whole reply, every byte checked.
            c.waiting = false;
            long now = System.nanoTime();
            if (!c.started) { // the one request before the load
                c.touched = true;
                touchResolved++;
                answered++;
                if (c.active && started) {
                    startLoad(c);
                }
                return;
            }
            if (recording) {
                countWindow(c);
                winRequests++;
                winBytes += expected.capacity();
                latency.recordValue(Math.min(now - c.sentAt, MAX_LATENCY_NS));
            }
            c.requestNo++;
            sendNext(c);
        }

        private void countWindow(Conn c) {
            int gen = windowGen;
            if (gen != seenGen) {
                resetWindow(gen);
            }
            c.gen = gen;
        }

        // ---- stream ----

        private void streamWrite(Conn c) throws IOException {
            int len = c.out.capacity();
            long inFlight = c.sent - c.received;
            if (inFlight >= STREAM_IN_FLIGHT) {
                interest(c, SelectionKey.OP_READ); // enough on the way: read some back first
                return;
            }
            int from = (int) (c.sent % len);
            c.out.limit(len).position(from);
            c.sent += c.ch.write(c.out);
        }

        private void streamRead(Conn c) throws IOException {
            ByteBuffer expected = c.expected;
            int len = expected.capacity();
            long due = c.sent - c.received;
            scratch.clear().limit((int) Math.max(1, Math.min(SCRATCH_BYTES, due)));
            int n = c.ch.read(scratch);
            if (n < 0) {
                failed(c, "the server closed the connection in the middle of the stream");
                return;
            }
            if (n == 0) {
                return;
            }
            if (n > due) {
                mismatch(c, "more bytes came back than were sent");
                return;
            }
            scratch.flip();
            int from = (int) (c.received % len);
            int first = Math.min(n, len - from);
            int at = scratch.slice(0, first).mismatch(expected.slice(from, first));
            if (at < 0 && first < n) {
                int second = scratch.slice(first, n - first).mismatch(expected.slice(0, n - first));
                at = second < 0 ? -1 : first + second;
            }
            if (at >= 0) {
                long offset = c.received + at;
                mismatch(c, "stream byte %d is 0x%02x, expected 0x%02x".formatted(offset,
                        scratch.get(at) & 0xff, expected.get((int) (offset % len)) & 0xff));
                return;
            }
            c.received += n;
            if (recording) {
                countWindow(c);
                winBytes += n;
            }
            if (c.ops == SelectionKey.OP_READ && c.sent - c.received < STREAM_IN_FLIGHT / 2) {
                interest(c, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        // ---- plumbing ----

        private void interest(Conn c, int ops) {
            if (c.ops != ops) {
                c.key.interestOps(ops);
                c.ops = ops;
            }
        }

        private void mismatch(Conn c, String what) {
            mismatch.compareAndSet(null, "connection %d (%s), request %d: %s".formatted(c.index,
                    c.active ? "active" : "idle", c.requestNo, what));
        }

        private void failed(Conn c, String what) {
            if (c.failed) {
                return;
            }
            c.failed = true;
            errors++;
            if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                errorSamples.add("connection " + c.index + ": " + what);
            }
            if (load.touch() && !c.touched) {
                touchResolved++; // a connection that will never be answered now
            }
            c.open = false;
            c.waiting = false;
            if (c.ch != null) {
                closeQuietly(c);
            }
        }

        private void closeQuietly(Conn c) {
            try {
                c.ch.close();
            } catch (IOException ignored) {
                // closing a socket we are done with: nothing to do about a failure
            }
        }

        private void closeQuietly(Selector s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // as above
            }
        }
    }
}
