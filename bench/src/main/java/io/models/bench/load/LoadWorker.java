package io.models.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;

/**
 * One thread of the load generator: its own {@link Selector} (epoll) and a share of the
 * connections, each driven without blocking. The loop opens connections ({@link Connector}),
 * starts the load when told to, hands each ready key to its connection, and answers the caller's
 * request for the window ({@link WindowRecorder}).
 */
final class LoadWorker implements Runnable {

    private static final int SCRATCH_BYTES = 64 * 1024;

    final Load load;
    final Payloads payloads;
    final WindowRecorder window;
    /** Every reply is read into this, and checked there. */
    final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BYTES);
    final Thread thread;
    private final Control control;
    private final Selector sel;
    private final List<LoadConnection> conns;
    private final Connector connector;
    private final int toTouch;
    private int touchResolved; // connections answered once, or failed before
    private boolean started; // go was seen: active connections start as soon as they are answered once
    volatile int answered; // connections answered once
    volatile long errors;
    volatile int lost; // connections that were open and failed since
    volatile boolean ready;

    /** The worker for connections {@code indexes} (idle ones first, so they are open before the active ones begin). */
    LoadWorker(int id, InetSocketAddress server, Load load, Payloads payloads, Control control, List<Integer> indexes) {
        this.load = load;
        this.payloads = payloads;
        this.control = control;
        this.window = new WindowRecorder(control);
        this.conns = indexes.stream().map(i -> conn(i, i >= load.idle())).toList();
        this.toTouch = load.touch() ? conns.size() : 0;
        try {
            this.sel = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector", e);
        }
        this.connector = new Connector(server, sel, conns);
        this.thread = Thread.ofPlatform().name("bench-load-" + id).daemon().unstarted(this);
    }

    private LoadConnection conn(int index, boolean active) {
        return load.kind() == Load.Kind.STREAM ? new StreamConnection(index, active, this) : new PingPongConnection(index, active, this);
    }

    @Override
    public void run() {
        try {
            while (!control.closing && !control.failed()) {
                connector.openMore();
                if (control.go && !started) {
                    startAll();
                }
                sel.select(this::onKey, 100);
                ready = connector.done(conns.size()) && touchResolved == toTouch;
                window.answer(conns);
            }
        } catch (IOException | RuntimeException e) {
            control.mismatch("load generator failed: " + e);
        } finally {
            for (LoadConnection c : conns) {
                c.closeQuietly();
            }
            try {
                sel.close();
            } catch (IOException ignored) {
                // as above
            }
            window.release();
        }
    }

    int connected() {
        return connector.connected;
    }

    /** Connections open now: opened, and not failed since. */
    int open() {
        return connector.connected - lost;
    }

    boolean started() {
        return started;
    }

    void wakeup() {
        sel.wakeup();
    }

    /** The caller's side of the window: this worker's part of it. */
    WindowRecorder.Part collect(long end) throws InterruptedException {
        WindowRecorder.Part p = window.collect(end, sel, thread);
        if (p == null) {
            control.check();
            throw new IllegalStateException("load generator thread " + thread.getName() + " did not answer");
        }
        return p;
    }

    /** Go: every active connection answered once starts now; any answered later, at once. */
    private void startAll() {
        started = true;
        for (LoadConnection c : conns) {
            if (c.active && c.state == LoadConnection.State.ANSWERED) {
                try {
                    c.start();
                } catch (IOException e) {
                    c.fail(e.getMessage());
                }
            }
        }
    }

    private void onKey(SelectionKey key) {
        LoadConnection c = (LoadConnection) key.attachment();
        if (key.isConnectable()) {
            connector.finish(c);
            return;
        }
        try {
            if (key.isWritable()) {
                c.onWritable();
            }
            if (c.open() && key.isReadable()) {
                c.onReadable();
            }
        } catch (IOException e) {
            c.fail(e.getMessage());
        } catch (LoadGen.MismatchException e) {
            control.mismatch("connection %d (%s), request %d: %s".formatted(c.index, c.active ? "active" : "idle",
                    c.requestNo(), e.getMessage()));
        }
    }

    /** A connection's one request before the load was answered. */
    void answered() {
        touchResolved++;
        answered++;
    }

    /**
     * A connection failed; {@code unanswered}: before its one request before the load was answered;
     * {@code wasOpen}: after its handshake.
     */
    void failed(LoadConnection c, String what, boolean unanswered, boolean wasOpen) {
        errors++;
        if (wasOpen) {
            lost++;
        }
        control.error("connection " + c.index + ": " + what);
        if (load.touch() && unanswered) {
            touchResolved++; // a connection that will never be answered now
        }
    }
}
