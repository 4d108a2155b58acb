package io.models.common;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;

/**
 * Serving one connection with blocking calls: the note's inner loop,
 * {@code data = conn.recv(1024); conn.send(data.upper())}, done right. Chapters 01 and 02 differ
 * only in which thread runs it: the accepting thread itself, a new thread, or a pool's.
 */
public final class BlockingEcho {

    /** Bytes read per call: the note reads 1024; larger is fewer system calls, same result. */
    public static final int BUFFER_BYTES = 64 * 1024;

    private BlockingEcho() {
    }

    /**
     * Reads, upper-cases and writes back until the client closes its side, then closes the
     * connection. A reset or broken pipe is a normal end (logged as one INFO line, counted in
     * {@link Stats#resets()}); the server closing the connection is not counted as one.
     */
    public static void serve(SocketChannel conn, ServerStats stats, Logger log) {
        String peer = Net.peer(conn);
        ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
        long pending = 0; // read and not yet written back
        boolean reset = false;
        try (conn) {
            while (true) {
                buf.clear();
                // recv: blocks while waiting for data (phase 1), and while the kernel copies it (phase 2).
                int n = conn.read(buf);
                if (n < 0) {
                    log.log(Level.INFO, "{0} closed the connection", peer); // end of stream
                    break;
                }
                stats.read(n);
                pending = n;
                buf.flip();
                Protocol.upper(buf);
                // send: blocks until the kernel has taken every byte; a client that does not read
                // stops us here, so at most one buffer is ever pending for it.
                while (buf.hasRemaining()) {
                    int written = conn.write(buf);
                    stats.written(written);
                    pending -= written;
                }
            }
        } catch (AsynchronousCloseException e) {
            log.log(Level.DEBUG, "{0} closed by the server", peer); // close() or interrupt
        } catch (IOException e) {
            reset = true; // the note's ConnectionResetError: normal for a network, not a bug
            log.log(Level.INFO, "{0} connection ended: {1}", peer, e.getMessage());
        } finally {
            stats.dropped(pending);
            stats.closed(reset);
        }
    }
}
