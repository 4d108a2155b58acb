package io.models.common.connection;

import io.models.common.protocol.Transform;
import io.models.common.server.Counters;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client of a non-blocking server (03, 04, 06, 08): the note's {@code recv} and {@code send} on
 * a socket that never blocks, done so that nothing is lost.
 *
 * <p>A non-blocking {@code write()} takes what fits in the kernel's send buffer, maybe nothing. The
 * rest of the reply is kept here, and until it is sent the connection is not read: at most one
 * read's worth is ever held for a client that does not read its replies (backpressure, as in
 * Stevens' {@code strclinonb.c}); its kernel buffers fill and TCP slows it down.
 *
 * <p>Each step returns the interest the connection wants next, and the loop alone applies it
 * ({@link Callback}): {@link SelectionKey#OP_READ} (waiting for the client),
 * {@link SelectionKey#OP_WRITE} (a reply is pending), or {@link Callback#ENDED} (the client has
 * ended and has every reply, or the connection failed: it has ended itself).
 */
public class NonBlockingConnection extends Connection implements Callback {

    private final SocketChannel channel;
    private final ByteBuffer scratch;
    private final Transform transform;
    private final Counters stats;
    private ByteBuffer unsent; // the part of a reply the kernel has not taken yet; null when all is sent
    private boolean eof; // the client has closed its side
    private int quietSweeps; // idle sweeps since a byte last moved (IdleSweep)

    /**
     * @param channel a connected channel in non-blocking mode
     * @param scratch the loop thread's one read buffer, shared by all its connections
     */
    public NonBlockingConnection(SocketChannel channel, ServerContext server, ByteBuffer scratch) {
        super(channel, server);
        this.channel = channel;
        this.scratch = scratch;
        this.transform = server.config().transform();
        this.stats = server.counters();
    }

    /** The key is ready: read or write; any failure ends the connection. */
    @Override
    public int onReady(SelectionKey key) {
        try {
            return key.isReadable() ? read() : write();
        } catch (IOException | RuntimeException e) { // the note's ConnectionResetError, or our own fault
            end(e);
            return ENDED;
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

    /** True while part of a reply waits for the kernel to take it: write it before reading more. */
    public boolean hasUnsent() {
        return unsent != null;
    }

    /**
     * The interest wanted now: write while a reply is pending, else read. Once the client has ended
     * and has every reply, the connection ends here ({@link End#EOF}) and this says {@link #ENDED}.
     */
    protected int next() {
        if (unsent != null) {
            return SelectionKey.OP_WRITE;
        }
        if (eof) {
            end(End.EOF);
            return ENDED;
        }
        return SelectionKey.OP_READ;
    }

    /**
     * recv: copies what has arrived into the loop's buffer (-1 at end of stream), counts it, and flips
     * the buffer, so that {@link #received()} holds it.
     */
    protected int receive() throws IOException {
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

    /** What the last {@link #receive()} read: the loop's buffer, valid until the next read on this loop. */
    protected ByteBuffer received() {
        return scratch;
    }

    /** send: writes what the kernel takes now, and keeps the rest for {@link #write}. */
    protected void send(ByteBuffer reply) throws IOException {
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
        return u == null ? 0 : u.remaining();
    }

    /**
     * One idle sweep has passed: true if the connection has now been waiting to read, with nothing
     * moving, for more than {@code sweeps} sweeps in a row. Anything read and not yet sent pauses the
     * count: waiting for the client to read (or for a worker) is not idleness.
     */
    boolean quietFor(int sweeps) {
        return unsent() == 0 && ++quietSweeps > sweeps;
    }
}
