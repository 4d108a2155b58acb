package io.models.common.connection;

import io.models.common.protocol.Transform;
import io.models.common.server.ServerStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client of a non-blocking server (03, 04, 06): the note's {@code recv} and {@code send} on a
 * socket that never blocks, done so that nothing is lost.
 *
 * <p>A non-blocking {@code write()} takes what fits in the kernel's send buffer, maybe nothing. The
 * rest of the reply is kept here, and until it is sent the connection is not read: at most one
 * read's worth is ever held for a client that does not read its replies (backpressure, as in
 * Stevens' {@code strclinonb.c}); its kernel buffers fill and TCP slows it down.
 *
 * <p>Each step returns the interest the connection wants next, and the caller alone applies it:
 * {@link SelectionKey#OP_READ} (waiting for the client), {@link SelectionKey#OP_WRITE} (a reply is
 * pending), or 0 (the client has ended and everything is sent: end it).
 */
public class NonBlockingConnection extends Connection implements Callback {

    private final SocketChannel channel;
    private final ByteBuffer scratch;
    private final Transform transform;
    private final ServerStats stats;
    private ByteBuffer unsent; // the part of a reply the kernel has not taken yet; null when all is sent
    private int atWorker; // 08: bytes of a request handed to a worker, whose reply has not come back yet
    private boolean eof; // the client has closed its side
    private int quietSweeps; // idle sweeps since a byte last moved (IdleSweep)

    /**
     * @param channel a connected channel in non-blocking mode
     * @param scratch the loop thread's one read buffer, shared by all its connections
     */
    public NonBlockingConnection(SocketChannel channel, Clients clients, ByteBuffer scratch) {
        super(channel, clients);
        this.channel = channel;
        this.scratch = scratch;
        this.transform = clients.config().transform();
        this.stats = clients.stats();
    }

    /** The key is ready: read or write, then apply the interest wanted next; any failure ends it. */
    @Override
    public void onReady(SelectionKey key) {
        try {
            int next = key.isReadable() ? read() : write();
            if (next == 0) {
                end(End.EOF);
            } else {
                key.interestOps(next);
            }
        } catch (IOException | RuntimeException e) { // the note's ConnectionResetError, or our own fault
            end(e);
        }
    }

    /**
     * {@code data = conn.recv(1024); conn.send(data.upper())}: reads what has arrived, upper-cases it
     * and writes it straight back; what the kernel does not take is kept for {@link #write}.
     * {@code read()} never waits for data (phase 1): 0 bytes at once if nothing has arrived (Python's
     * {@code BlockingIOError}), -1 (and only -1) at end of stream. It only copies (phase 2).
     */
    public int read() throws IOException {
        int n = receive();
        if (n > 0) {
            try {
                transform.apply(scratch); // upper-case; a RuntimeException here is our fault
            } catch (RuntimeException e) {
                stats.dropped(n);
                throw e;
            }
            send(scratch);
        }
        return next();
    }

    /**
     * For a reactor that hands the work to a pool (08): what has arrived, copied out of the loop's
     * buffer, as one request; or null if nothing has (or the stream has ended: {@link #next()} says
     * so). The caller stops reading the connection until {@link #reply} sends the request's reply, so
     * replies stay in the order of their requests.
     */
    public ByteBuffer readRequest() throws IOException {
        int n = receive();
        if (n <= 0) {
            return null;
        }
        atWorker = n;
        return ByteBuffer.allocate(n).put(scratch).flip();
    }

    /** The protocol's work on a request, in place: on a worker thread (08); it never touches the socket. */
    public void transform(ByteBuffer request) {
        transform.apply(request);
    }

    /** Back on the loop thread (08): sends the reply to the request {@link #readRequest} returned. */
    public int reply(ByteBuffer reply) throws IOException {
        atWorker = 0;
        send(reply);
        return next();
    }

    /** recv: copies what has arrived into the loop's buffer (-1 at end of stream), counts it, and flips the buffer. */
    private int receive() throws IOException {
        scratch.clear();
        int n = channel.read(scratch);
        if (n < 0) {
            eof = true;
        } else if (n > 0) {
            quietSweeps = 0;
            stats.read(n);
            scratch.flip();
        }
        return n;
    }

    /** Writes as much of the pending reply as the kernel takes now (phase 2: the copy into its send buffer). */
    public int write() throws IOException {
        if (unsent != null) {
            int written = channel.write(unsent);
            stats.written(written);
            if (written > 0) {
                quietSweeps = 0;
            }
            if (!unsent.hasRemaining()) {
                unsent = null;
            }
        }
        return next();
    }

    /** The interest wanted now: write while a reply is pending, else read, or 0 once the client has ended. */
    public int next() {
        return unsent != null ? SelectionKey.OP_WRITE : eof ? 0 : SelectionKey.OP_READ;
    }

    private void send(ByteBuffer reply) throws IOException {
        try {
            stats.written(channel.write(reply));
        } catch (IOException e) {
            stats.dropped(reply.remaining()); // read, never written: the client is gone
            throw e;
        }
        if (reply.hasRemaining()) { // the kernel's send buffer is full: keep the rest, stop reading
            unsent = ByteBuffer.allocate(reply.remaining()).put(reply).flip();
        }
    }

    @Override
    protected long unsent() {
        ByteBuffer u = unsent;
        return atWorker + (u == null ? 0 : u.remaining());
    }

    /**
     * One idle sweep has passed: true if the connection has now been waiting to read, with nothing
     * moving, for more than {@code sweeps} sweeps in a row. A pending reply pauses the count: waiting
     * for the client to read (or for a worker) is not idleness.
     */
    boolean quietFor(int sweeps) {
        return unsent == null && atWorker == 0 && ++quietSweeps > sweeps;
    }
}
