package io.models.common.connection;

import io.models.common.server.Net;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerStats;
import io.models.common.server.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;

/**
 * Serving one connection with blocking calls: the note's inner loop,
 * {@code data = conn.recv(1024); conn.send(data.upper())}, done right. Chapters 01 and 02 differ
 * only in which thread runs it: the accepting thread itself, a new thread, or a pool's.
 */
public final class BlockingEcho {

    /**
     * Bytes read per call: the note reads 1024; larger is fewer system calls, same result. Each
     * connection has its own buffer, so it is also memory per connection: 16 KiB keeps a thousand
     * connections within 16 MiB of heap.
     */
    public static final int BUFFER_BYTES = 16 * 1024;

    private BlockingEcho() {
    }

    /**
     * Reads, transforms and writes back until the client closes its side, then closes the
     * connection. A reset or broken pipe is a normal end (logged as one INFO line, counted in
     * {@link Stats#resets()}); the server closing the connection is not counted as one. A client
     * silent for the config's idle timeout is closed ({@link Stats#timeouts()}); a failure of our
     * own (a RuntimeException) closes this connection only, logged as one ERROR with its cause.
     */
    public static void serve(SocketChannel conn, ServerConfig config, ServerStats stats, Logger log) {
        String peer = Net.peer(conn);
        long pending = 0; // read and not yet written back
        boolean reset = false;
        try (conn) { // closed whatever happens, even if the buffer below cannot be allocated
            ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
            // The socket's own stream honours SO_TIMEOUT (Python's settimeout); the channel does not.
            conn.socket().setSoTimeout((int) config.idleTimeout().toMillis());
            InputStream in = conn.socket().getInputStream();
            while (true) {
                // recv: blocks while waiting for data (phase 1), and while the kernel copies it (phase 2).
                int n = in.read(buf.array());
                if (n < 0) {
                    log.log(Level.INFO, "{0} closed the connection", peer); // end of stream
                    break;
                }
                stats.read(n);
                pending = n;
                buf.clear().limit(n);
                config.transform().apply(buf); // upper-case
                // send: blocks until the kernel has taken every byte; a client that does not read
                // stops us here, so at most one buffer is ever pending for it.
                while (buf.hasRemaining()) {
                    int written = conn.write(buf);
                    stats.written(written);
                    pending -= written;
                }
            }
        } catch (SocketTimeoutException e) {
            stats.timedOut();
            log.log(Level.INFO, "{0} sent nothing for {1} s: closed", peer, config.idleTimeout().toSeconds());
        } catch (AsynchronousCloseException e) {
            log.log(Level.DEBUG, "{0} closed by the server", peer); // close() or interrupt
        } catch (IOException e) {
            reset = true; // the note's ConnectionResetError: normal for a network, not a bug
            log.log(Level.INFO, "{0} connection ended: {1}", peer, e.getMessage());
        } catch (RuntimeException e) {
            stats.failed(); // our fault, not the client's: say so, and keep serving the others
            log.log(Level.ERROR, peer + ": handling failed, connection closed", e);
        } finally {
            stats.dropped(pending);
            stats.closed(reset);
        }
    }
}
