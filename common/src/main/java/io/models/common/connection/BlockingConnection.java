package io.models.common.connection;

import io.models.common.server.Counters;
import io.models.common.server.ServerContext;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One client of a blocking server (01, 02, 07): the note's inner loop,
 * {@code while True: data = conn.recv(1024); conn.send(data.upper())}, done right. Chapters 01, 02
 * and 07 differ only in which thread runs it: the accepting thread itself, a new thread, a pool's,
 * or a virtual thread.
 */
public final class BlockingConnection extends Connection implements Runnable {

    private final SocketChannel conn;
    private final int readBytes;
    private volatile long unsent; // read and not yet written: at most one read's worth, since the write blocks

    public BlockingConnection(SocketChannel conn, ServerContext server) {
        this(conn, server, READ_BYTES);
    }

    /**
     * @param readBytes bytes read per call, and so the buffer this connection holds while it waits:
     *                  {@link #READ_BYTES} unless a chapter must hold many connections in little memory
     */
    public BlockingConnection(SocketChannel conn, ServerContext server, int readBytes) {
        super(conn, server);
        if (readBytes < 1) {
            throw new IllegalArgumentException("read size must be at least 1 byte, got " + readBytes);
        }
        this.conn = conn;
        this.readBytes = readBytes;
    }

    /**
     * Reads, upper-cases and writes back until the client closes its side, then ends the
     * connection; however it ends (a reset, a timeout, close(), our own fault), it is ended through
     * {@link #end}, counted and logged once. A client silent for the idle timeout is closed: the
     * socket's own stream honours {@code SO_TIMEOUT} (Python's {@code settimeout}) on each read, so
     * the idle clock runs only while this thread waits to read.
     */
    @Override
    public void run() {
        Counters stats = server.counters();
        try {
            ByteBuffer buf = ByteBuffer.allocate(readBytes); // one per connection
            conn.socket().setSoTimeout((int) server.config().idleTimeout().toMillis());
            InputStream in = conn.socket().getInputStream();
            while (true) {
                // recv: blocks while waiting for data (phase 1), and while the kernel copies it (phase 2).
                int n = in.read(buf.array());
                if (n < 0) {
                    break; // end of stream: the client has closed its side
                }
                stats.read(n);
                unsent = n;
                buf.clear().limit(n);
                server.config().transform().apply(buf); // upper-case
                // send: blocks until the kernel has taken every byte; a client that does not read
                // stops us here, so at most one buffer is ever pending for it.
                while (buf.hasRemaining()) {
                    int written = conn.write(buf);
                    stats.written(written);
                    unsent -= written;
                }
            }
            end(End.EOF);
        } catch (Throwable e) { // End.of says which: a reset, a timeout, close(), or our fault
            end(e);
            if (e instanceof Error error) {
                throw error; // out of memory, say: the connection is closed and counted, the rest is not ours
            }
        }
    }

    @Override
    protected long unsent() {
        return unsent;
    }
}
