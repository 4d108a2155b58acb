package io.models.common.connection;

import io.models.common.server.Quietly;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client, as every chapter keeps it: its channel, its name in the log, and how it ended. Ending
 * is done here, once, whoever gets there first: the channel is closed, what the connection still
 * held is dropped, and the end is counted and logged ({@link End}).
 */
public class Connection {

    /**
     * Bytes read per call, in every chapter (the note reads 1024: larger means fewer system calls,
     * with the same result). Where a model needs a buffer per connection (01, 02, 05) it is also
     * memory per connection: 1000 connections hold 16 MiB. Where it needs one per loop thread (03,
     * 04, 06) it is the same size, so the benchmark compares models, not buffers.
     */
    public static final int READ_BYTES = 16 * 1024;

    protected final ServerContext server;
    private final NetworkChannel channel;
    private final String peer;
    private final AtomicBoolean over = new AtomicBoolean();

    public Connection(NetworkChannel channel, ServerContext server) {
        this.channel = channel;
        this.server = server;
        this.peer = peerOf(channel);
        server.opened(this);
    }

    /** The client's address, for log lines ("/127.0.0.1:40412"). */
    public final String peer() {
        return peer;
    }

    /** True once the connection has ended. */
    public final boolean isOver() {
        return over.get();
    }

    /** Bytes read from this client and not yet written back: dropped (and counted so) if it ends now. */
    protected long unsent() {
        return 0;
    }

    /** Ends the connection for the reason {@code failure} means: see {@link End#of}. */
    public final void end(Throwable failure) {
        end(End.of(failure), failure);
    }

    /** Ends the connection: closes it, counts and logs why. Only the first call does anything. */
    public final void end(End why) {
        end(why, null);
    }

    /** Ends the connection for {@code why}, with {@code cause} (if any) in the log line. Only the first call does anything. */
    public final void end(End why, Throwable cause) {
        if (over.compareAndSet(false, true)) {
            Quietly.close(channel, server.log());
            server.ended(this, peer, why, cause, unsent());
        }
    }

    /** The remote address of a connection, or "(closed)". */
    public static String peerOf(NetworkChannel conn) {
        try {
            Object remote = conn instanceof SocketChannel s ? s.getRemoteAddress()
                    : conn instanceof AsynchronousSocketChannel a ? a.getRemoteAddress()
                    : conn.getLocalAddress();
            return String.valueOf(remote);
        } catch (IOException e) {
            return "(closed)";
        }
    }
}
