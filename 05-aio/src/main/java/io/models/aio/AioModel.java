package io.models.aio;

import io.models.common.connection.Connection;
import io.models.common.connection.End;
import io.models.common.server.Model;
import io.models.common.server.ServerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.ShutdownChannelGroupException;
import java.util.concurrent.TimeUnit;

/**
 * 五、异步IO (asynchronous IO), with NIO.2: every {@code accept}, {@code read} and {@code write}
 * returns at once, and a {@link CompletionHandler} is called when the operation has completed,
 * the data already in (or out of) our buffer. No thread waits for one client: a small fixed group
 * of threads runs the completion handlers of every connection.
 *
 * <p>Each connection is a chain of completions, one operation in flight at a time:
 * read -> (upper-case) -> write -> write the rest, if the kernel took only part -> read. The next
 * read is started only when nothing is pending, so at most one buffer ({@link Connection#READ_BYTES})
 * is ever held for a client that does not read its replies.
 *
 * <p>What the JDK does on Linux: there is no kernel AIO for sockets behind this API. The group's
 * threads wait in {@code epoll_wait} (phase 1), then call {@code read(2)}/{@code write(2)}
 * themselves (phase 2) and call the handler: the completion API is emulated by epoll and a thread
 * pool. Real completion-based IO on Linux is io_uring (see 09-netty).
 */
public final class AioModel extends Model {

    static final String NAME = "05-aio";

    private final int threads;
    private ServerContext server;
    private AsynchronousServerSocketChannel listener;

    /** @param threads threads in the channel group that run every completion handler (--threads) */
    public AioModel(int threads) {
        super(NAME);
        this.threads = threads;
    }


    @Override
    public void start(ServerContext server) throws IOException {
        this.server = server;
        // The threads that run every completion handler: a fixed number, started here, each joined at close.
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(threads, server.threads(NAME + "-group-"));
        server.closing(group::shutdownNow); // at close: the group's channels closed, its threads end, then joined
        server.onClose(server::endAll); // before that, every connection ends: a failure it causes finds it ended
        listener = server.listen(group);
        accept();
    }

    /** One client: its channel, its own buffer, and what it has read and not yet written. */
    private final class AioConnection extends Connection {
        final AsynchronousSocketChannel channel;
        ByteBuffer buf; // a read needs it before any data arrives: allocated at the first
        volatile int pending; // read and not yet written: 0, or what is left in buf

        AioConnection(AsynchronousSocketChannel channel) {
            super(channel, AioModel.this.server);
            this.channel = channel;
        }

        @Override
        protected long unsent() {
            return pending;
        }
    }

    /** What runs when a connection's read or write has completed. If it failed, the connection ends. */
    private interface Done extends CompletionHandler<Integer, AioConnection> {
        @Override
        default void failed(Throwable e, AioConnection c) {
            c.end(e); // a reset, a timeout (idle), or our fault; the server closing it has ended it already
        }
    }

    // ---- The model: start an operation, return at once; the handler runs when it has completed. ----

    private void accept() {
        try {
            listener.accept(null, accepted); // returns at once; `accepted` runs once a client is in
        } catch (ShutdownChannelGroupException closing) { // from outside the group (a retry) as the server closes: done
        }
    }

    private final CompletionHandler<AsynchronousSocketChannel, Void> accepted = new CompletionHandler<>() {
        @Override
        public void completed(AsynchronousSocketChannel channel, Void unused) {
            server.backoff().succeeded();
            boolean admitted = server.admit(channel); // --max-connections: else closed at once, its client reads EOF
            accept(); // re-arm first: the next client is accepted whatever becomes of this one
            if (admitted) {
                read(new AioConnection(channel));
            }
        }

        @Override
        public void failed(Throwable e, Void unused) {
            if (server.running()) { // else the server closed the listener
                // Not fatal (too many open files, ...): accepting again at once would fail at once, in a
                // busy loop, while the client waits in the backlog. Wait a little, then accept again.
                server.backoff().retryLater(e, AioModel.this::accept);
            }
        }
    };

    private void read(AioConnection c) {
        try {
            c.buf = c.buf == null ? ByteBuffer.allocate(Connection.READ_BYTES) : c.buf.clear();
            // aio read: returns at once, nothing blocks here. Phase 1 (waiting for data) and phase 2
            // (copying it into buf) are both done when `readDone` runs. On Linux a group thread did
            // them: epoll_wait, then read(2) into buf. Only this read waits for the client, so only it
            // has a timeout (--idle-timeout; 0 = none): a pending write does not count as idle.
            c.channel.read(c.buf, server.config().idleTimeout().toMillis(), TimeUnit.MILLISECONDS, c, readDone);
        } catch (OutOfMemoryError e) { // no room for one more buffer: this connection only is closed
            c.end(End.FAULT, e);
        }
    }

    private final Done readDone = (n, c) -> {
        if (n < 0) { // end of stream; nothing is pending, as a read is started only when all is written
            c.end(End.EOF);
            return;
        }
        server.counters().read(n);
        c.pending = n;
        try {
            server.config().transform().apply(c.buf.flip()); // upper-case
            write(c);
        } catch (RuntimeException e) { // thrown on a group thread: caught here, not by the group
            c.end(End.FAULT, e);
        }
    };

    private void write(AioConnection c) {
        c.channel.write(c.buf, c, writeDone); // returns at once; `writeDone` runs when the kernel took some
    }

    private final Done writeDone = (n, c) -> {
        server.counters().written(n);
        c.pending -= n;
        if (c.buf.hasRemaining()) {
            write(c); // the kernel took only part: the rest goes next, before anything else
        } else {
            read(c); // nothing pending: only now read more (backpressure on a client that does not read)
        }
    };
}
