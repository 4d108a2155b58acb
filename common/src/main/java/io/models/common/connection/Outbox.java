package io.models.common.connection;

import io.models.common.protocol.Transform;
import io.models.common.server.ServerStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One connection's replies that the kernel has not taken yet, for the non-blocking models (03, 04,
 * 06). A non-blocking {@code write()} may take fewer bytes than offered, or none: what it leaves is
 * kept here, in order, and written when the socket can take more. Nothing is lost, and nothing is
 * written twice.
 *
 * <p>Backpressure: at most {@link #MAX_PENDING} bytes are kept. {@link #echo} never reads more
 * than there is room for, so a client that sends without reading cannot make the server buffer
 * without bound; the kernel's own buffers then fill and TCP slows the sender down.
 */
public final class Outbox {

    /** The most a connection may have read and not yet written back: 1 MiB. */
    public static final int MAX_PENDING = 1 << 20;

    private final ServerStats stats;
    private final Transform transform;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long pending;

    /** An outbox that upper-cases: the protocol. */
    public Outbox(ServerStats stats) {
        this(stats, Transform.UPPER);
    }

    /** An outbox that applies {@code transform} to what it reads (the config's). */
    public Outbox(ServerStats stats, Transform transform) {
        this.stats = stats;
        this.transform = transform;
    }

    /**
     * Reads what has arrived (at most the room left), upper-cases it and writes it straight back;
     * whatever the socket does not take is kept for {@link #flush}.
     *
     * @param scratch a buffer to read into, reused across calls and connections of one thread
     * @return bytes read: 0 if nothing had arrived (or there was no room), -1 at end of stream
     */
    public int echo(SocketChannel conn, ByteBuffer scratch) throws IOException {
        int room = (int) Math.min(scratch.capacity(), MAX_PENDING - pending);
        if (room == 0) {
            return 0;
        }
        scratch.clear().limit(room);
        int n = conn.read(scratch); // copying data: the only phase left for a non-blocking read
        if (n <= 0) {
            return n;
        }
        stats.read(n);
        scratch.flip();
        try {
            transform.apply(scratch); // upper-case; a RuntimeException here is the server's fault
        } catch (RuntimeException e) {
            stats.dropped(n);
            throw e;
        }
        if (queue.isEmpty()) { // only when nothing older is waiting, or the order would break
            try {
                stats.written(conn.write(scratch));
            } catch (IOException e) {
                stats.dropped(scratch.remaining()); // read, never written, never kept: the peer is gone
                throw e;
            }
        }
        if (scratch.hasRemaining()) { // the kernel's send buffer is full: keep the rest
            ByteBuffer rest = ByteBuffer.allocate(scratch.remaining());
            rest.put(scratch).flip();
            queue.add(rest);
            pending += rest.remaining();
        }
        return n;
    }

    /**
     * Writes what is kept, oldest first, until done or the socket takes no more.
     *
     * @return true if nothing is pending any more
     */
    public boolean flush(SocketChannel conn) throws IOException {
        for (ByteBuffer head = queue.peek(); head != null; head = queue.peek()) {
            int written = conn.write(head);
            stats.written(written);
            pending -= written;
            if (head.hasRemaining()) {
                return false; // the send buffer is full again: wait until it is writable
            }
            queue.poll();
        }
        return true;
    }

    public boolean isEmpty() {
        return pending == 0;
    }

    /** Bytes kept and not yet written. */
    public long pending() {
        return pending;
    }

    /** True while another read is allowed: fewer than {@link #MAX_PENDING} bytes are kept. */
    public boolean hasRoom() {
        return pending < MAX_PENDING;
    }

    /** The connection is gone: what it still held is dropped (and counted as such). */
    public void discard() {
        stats.dropped(pending);
        queue.clear();
        pending = 0;
    }
}
