package io.models.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One connection of the load, touched only by its worker's thread: its socket, where it is in its
 * life ({@link State}), and the request it has on its way. What it does once the load starts is
 * its shape's: {@link PingPongConnection}, {@link StreamConnection}.
 */
abstract class LoadConnection {

    enum State {
        /** Its handshake is under way ({@link Connector}). */
        CONNECTING,
        /** Open; its one request before the load is on its way. */
        TOUCHING,
        /** Open and answered once: it waits for the load (or, idle, for the end). */
        ANSWERED,
        /** Open, idle, nothing sent: any byte or end of stream is an error. */
        SILENT,
        /** The load runs on it. */
        LOADED,
        FAILED
    }

    final int index;
    final boolean active;
    final LoadWorker worker;
    SocketChannel ch;
    SelectionKey key;
    int ops;
    State state = State.CONNECTING;
    /** The request on its way (the touch, or a ping-pong request), or null. */
    Request request;
    /** The window in which it last completed something ({@link WindowRecorder}). */
    int gen;

    LoadConnection(int index, boolean active, LoadWorker worker) {
        this.index = index;
        this.active = active;
        this.worker = worker;
    }

    /** The load begins on it. */
    abstract void start() throws IOException;

    /** Ping-pong requests it has completed (for a mismatch's message). */
    long requestNo() {
        return 0;
    }

    boolean open() {
        return state != State.CONNECTING && state != State.FAILED;
    }

    /** Its handshake is done: the touch goes out, or the load starts, or it waits in silence. */
    void opened() throws IOException {
        if (worker.load.touch()) {
            state = State.TOUCHING;
            send(worker.payloads.touchRequest, worker.payloads.touchReply); // answered once before the load
        } else if (active) {
            start();
        } else {
            state = State.SILENT;
            interest(SelectionKey.OP_READ);
        }
    }

    void onWritable() throws IOException {
        flush();
    }

    void onReadable() throws IOException {
        readReply();
    }

    /** The whole reply to {@code done} came back, every byte checked. */
    void replied(Request done, long now) throws IOException {
        state = State.ANSWERED; // the touch
        worker.answered();
        if (active && worker.started()) {
            start();
        }
    }

    final void send(ByteBuffer request, ByteBuffer reply) throws IOException {
        this.request = new Request(request, reply);
        flush();
    }

    private void flush() throws IOException {
        boolean all = request.write(ch);
        interest(all ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    /** Reads what the request on its way has coming; a byte with none on its way is wrong. */
    private void readReply() throws IOException {
        ByteBuffer scratch = worker.scratch;
        scratch.clear().limit(request != null ? Math.min(scratch.capacity(), request.left()) : 1);
        int n = ch.read(scratch);
        if (n < 0) {
            fail("the server closed the connection" + (request != null ? " with a request outstanding" : ""));
            return;
        }
        if (n == 0) {
            return;
        }
        if (request == null) {
            throw new LoadGen.MismatchException("a byte arrived with no request outstanding (more reply than request)");
        }
        if (request.check(scratch.flip())) {
            Request done = request;
            request = null;
            replied(done, System.nanoTime());
        }
    }

    final void interest(int ops) {
        if (this.ops != ops) {
            key.interestOps(ops);
            this.ops = ops;
        }
    }

    /** It failed (refused, reset, closed by the server): counted once, and closed. */
    final void fail(String what) {
        if (state == State.FAILED) {
            return;
        }
        boolean unanswered = state == State.CONNECTING || state == State.TOUCHING;
        boolean wasOpen = state != State.CONNECTING;
        state = State.FAILED;
        request = null;
        worker.failed(this, what, unanswered, wasOpen);
        closeQuietly();
    }

    final void closeQuietly() {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a socket we are done with: nothing to do about a failure
        }
    }
}
