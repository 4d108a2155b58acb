package io.models.aio;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.Clients;
import io.models.common.connection.Connection;
import io.models.common.connection.End;
import io.models.common.server.EchoServer;
import io.models.common.server.Listener;
import io.models.common.server.Quietly;
import io.models.common.server.ServerConfig;
import io.models.common.server.Stats;
import io.models.common.server.ThreadTracker;
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
public final class AioServer implements EchoServer {

    static final String NAME = "05-aio";
    /** Threads in the channel group by default: a small, fixed number, whatever the connections. */
    static final int DEFAULT_THREADS = 2;
    static final int MAX_THREADS = 64;

    private final Clients clients;
    private final int threads;
    private final ThreadTracker threadsStarted = new ThreadTracker(); // so close() can join them
    private final AcceptBackoff backoff; // used along the accept chain only: one accept pending at a time
    private AsynchronousChannelGroup group;
    private AsynchronousServerSocketChannel listener;
    private volatile boolean closing;

    /** @param threads threads in the channel group that run every completion handler, 1..64 */
    public AioServer(ServerConfig config, int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1.." + MAX_THREADS + ", got " + threads);
        }
        this.clients = new Clients(NAME, config);
        this.threads = threads;
        this.backoff = new AcceptBackoff(clients.log());
    }

    @Override
    public void start() throws IOException {
        // The threads that run every completion handler: a fixed number, started here.
        group = AsynchronousChannelGroup.withFixedThreadPool(threads, threadsStarted.named(NAME + "-group-"));
        try {
            listener = Listener.open(clients.config(), group);
        } catch (IOException | RuntimeException e) {
            group.shutdownNow(); // closes the listener too
            threadsStarted.joinAll();
            throw e;
        }
        accept();
    }

    /** One client: its channel, its own buffer (a read needs it before any data arrives), what is unsent. */
    private final class AioConnection extends Connection {
        final AsynchronousSocketChannel channel;
        ByteBuffer buf; // a read needs it before any data arrives: allocated at the first
        volatile int pending; // read and not yet written: 0, or what is left in buf

        AioConnection(AsynchronousSocketChannel channel) {
            super(channel, AioServer.this.clients);
            this.channel = channel;
        }

        @Override
        protected long unsent() {
            return pending;
        }
    }

    // ---- The model: start an operation, return at once; the handler runs when it has completed. ----

    private void accept() {
        unlessClosed(null, () -> listener.accept(null, accepted)); // returns at once; `accepted` runs once a client is in
    }

    private final CompletionHandler<AsynchronousSocketChannel, Void> accepted = new CompletionHandler<>() {
        @Override
        public void completed(AsynchronousSocketChannel channel, Void unused) {
            backoff.succeeded();
            boolean admitted = clients.admit(channel); // --max-connections: else closed at once, its client reads EOF
            accept(); // re-arm first: the next client is accepted whatever becomes of this one
            if (admitted && closing) {
                new AioConnection(channel).end(End.SERVER); // accepted just as close() began
            } else if (admitted) {
                read(new AioConnection(channel));
            }
        }

        @Override
        public void failed(Throwable e, Void unused) {
            if (!closing) { // else close() closed the listener
                // Not fatal (too many open files, ...): accepting again at once would fail at once, in a
                // busy loop, while the client waits in the backlog. Wait a little, then accept again.
                backoff.retryLater(e, AioServer.this::accept);
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
            unlessClosed(c, () -> c.channel.read(c.buf, clients.config().idleTimeout().toMillis(),
                    TimeUnit.MILLISECONDS, c, readDone));
        } catch (OutOfMemoryError e) { // no room for one more buffer: this connection only is closed
            c.end(End.FAULT, e);
        }
    }

    private final CompletionHandler<Integer, AioConnection> readDone = new CompletionHandler<>() {
        @Override
        public void completed(Integer n, AioConnection c) {
            if (n < 0) { // end of stream; nothing is pending, as a read is started only when all is written
                c.end(End.EOF);
                return;
            }
            clients.stats().read(n);
            c.pending = n;
            c.buf.flip();
            try {
                clients.config().transform().apply(c.buf); // upper-case
            } catch (RuntimeException e) { // thrown on a group thread: caught here, not by the group
                c.end(End.FAULT, e);
                return;
            }
            write(c);
        }

        @Override
        public void failed(Throwable e, AioConnection c) {
            c.end(closing ? End.SERVER : End.of(e), e); // a reset, a timeout (idle), close(), or our fault
        }
    };

    private void write(AioConnection c) {
        unlessClosed(c, () -> c.channel.write(c.buf, c, writeDone)); // returns at once; `writeDone` runs when the kernel took some
    }

    /** Starts an operation, unless close() has shut the group down meanwhile: then the connection (if any) ends. */
    private void unlessClosed(AioConnection c, Runnable operation) {
        try {
            operation.run();
        } catch (ShutdownChannelGroupException e) {
            if (c != null) {
                c.end(End.SERVER);
            }
        }
    }

    private final CompletionHandler<Integer, AioConnection> writeDone = new CompletionHandler<>() {
        @Override
        public void completed(Integer n, AioConnection c) {
            clients.stats().written(n);
            c.pending -= n;
            if (c.buf.hasRemaining()) {
                write(c); // the kernel took only part: the rest goes next, before anything else
            } else {
                read(c); // nothing pending: only now read more (backpressure on a client that does not read)
            }
        }

        @Override
        public void failed(Throwable e, AioConnection c) {
            readDone.failed(e, c);
        }
    };

    // ---- The contract ----

    @Override
    public int port() {
        return Listener.port(listener);
    }

    @Override
    public Stats stats() {
        return clients.snapshot();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void close() {
        if (listener == null || closing) { // not started, or start() failed and cleaned up
            return;
        }
        closing = true;
        Quietly.close(listener, clients.log());
        clients.endAll(); // a pending read or write fails, and its handler finds the connection already ended
        Quietly.close(group::shutdownNow, clients.log()); // its threads end
        threadsStarted.joinAll(); // a pool reports "terminated" a moment before its last thread has ended
    }
}
