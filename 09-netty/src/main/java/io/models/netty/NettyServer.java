package io.models.netty;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.Connection;
import io.models.common.server.EchoServer;
import io.models.common.server.Logging;
import io.models.common.server.ServerConfig;
import io.models.common.server.Counters;
import io.models.common.server.Stats;
import io.models.common.server.ThreadTracker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.Errors;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The socketserver of Java: we write the handler ({@link EchoHandler}, socketserver's
 * {@code BaseRequestHandler.handle}), Netty drives the connections ({@code ThreadingTCPServer}'s
 * job). One event loop group of {@code --threads} loops serves every connection; a group of one
 * loop accepts them, as Netty's own EchoServer example does. The same handler runs on three
 * transports ({@link Transport}): the JDK's Selector, Netty's epoll, or io_uring.
 *
 * <p>Everything a connection needs lives in its handler and runs on its one event loop thread, so
 * nothing in it is shared or locked. The counters are {@link Counters}, like every chapter's.
 */
public final class NettyServer implements EchoServer {

    static final String NAME = "09-netty";
    private static final Logger log = Logging.logger(NAME);

    /**
     * The largest read: a connection's read buffer grows up to this (Netty's adaptive allocator),
     * the read size of every chapter, so the benchmark compares models, not buffers.
     */
    static final int MAX_READ = Connection.READ_BYTES;
    /** The most a connection may hold read and not yet written back: the contract's 1 MiB. */
    static final int MAX_PENDING = 1 << 20;
    /**
     * Above the high mark a connection turns unwritable and is no longer read. A read already under
     * way (io_uring may have one in flight) can still add {@link #MAX_READ} each, so the high mark
     * leaves room for two: a connection never holds more than {@link #MAX_PENDING}.
     */
    static final WriteBufferWaterMark WATER_MARK =
            new WriteBufferWaterMark(MAX_PENDING / 4, MAX_PENDING - 2 * MAX_READ);
    /** errno of "Address already in use" on Linux, the only OS the native transports run on. */
    private static final int LINUX_EADDRINUSE = 98;
    /** How long close() gives the event loops to finish what they have queued. */
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

    /**
     * Netty logs through java.util.logging here. Its WARNING lines carry stack traces for things
     * this server already handles and reports in one line of its own (a peer's reset, accept()
     * failing out of descriptors): only its ERRORs (a leaked buffer, say) are let through. Kept in
     * a field so the level set on it is not lost when the logger is collected.
     */
    private static final java.util.logging.Logger NETTY_LOG = java.util.logging.Logger.getLogger("io.netty");

    static {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        NETTY_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final ServerConfig config;
    private final Transport transport;
    private final int threads;
    private final Counters stats = new Counters();
    private final ThreadTracker tracker = new ThreadTracker();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel listener;
    /** Every open connection (a closed one leaves by itself), so close() can close them all first. */
    private ChannelGroup connections;
    private boolean closed;

    /** A server on {@code transport} with {@code threads} event loops for the connections. */
    public NettyServer(ServerConfig config, Transport transport, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.config = config;
        this.transport = transport;
        this.threads = threads;
    }

    /** On the preferred transport, with a loop per core. */
    public NettyServer(ServerConfig config) {
        this(config, Transport.preferred(), Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void start() throws IOException {
        if (!transport.isAvailable()) {
            throw new IOException("the " + transport + " transport cannot start here: " + transport.unavailabilityCause());
        }
        try {
            // Configure the server: a loop that accepts, loops that serve, the handler for each connection.
            boss = new MultiThreadIoEventLoopGroup(1, named(NAME + "-boss-"), transport.ioHandlerFactory());
            workers = new MultiThreadIoEventLoopGroup(threads, named(NAME + "-worker-"), transport.ioHandlerFactory());
            connections = new DefaultChannelGroup(NAME, boss.next()); // its futures complete on the boss loop
            for (EventExecutor loop : workers) {
                loop.submit(() -> { }).syncUninterruptibly(); // every loop's thread runs from now, not at its first client
            }
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true) // a restart binds the port again at once
                    .option(ChannelOption.SO_BACKLOG, config.backlog())
                    .handler(new Acceptor())
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // the client's FIN: reply first, then close
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ))
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (config.hasIdleTimeout()) { // neither a read nor a finished write for that long
                                ch.pipeline().addLast(new IdleStateHandler(0, 0, config.idleTimeout().toNanos(),
                                        TimeUnit.NANOSECONDS));
                            }
                            ch.pipeline().addLast(new EchoHandler(stats, config, String.valueOf(ch.remoteAddress())));
                            connections.add(ch);
                        }
                    });
            // Start the server.
            ChannelFuture bound = b.bind(config.host(), config.port()).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                throw bindFailed(bound.cause());
            }
            listener = bound.channel();
        } catch (IOException | RuntimeException e) {
            shutDown();
            throw e;
        }
    }

    /** Netty's native transports report EADDRINUSE as their own IOException: say it as the JDK does. */
    private static IOException bindFailed(Throwable cause) {
        if (cause instanceof Errors.NativeIoException e && Math.abs(e.expectedErr()) == LINUX_EADDRINUSE) {
            BindException inUse = new BindException("Address already in use");
            inUse.initCause(cause);
            return inUse;
        }
        return cause instanceof IOException e ? e : new IOException(Transport.oneLine(cause), cause);
    }

    /** Threads named {@code prefix1}, {@code prefix2}, ... (FastThreadLocalThreads, as Netty prefers), each tracked. */
    private ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return tracker.track(task -> new FastThreadLocalThread(task, prefix + n.incrementAndGet()));
    }

    /**
     * The listener's handler, on the boss loop: it sees each accepted connection before Netty's
     * ServerBootstrap hands it to a worker loop, and each failed accept.
     */
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        private final AcceptBackoff backoff = new AcceptBackoff(log);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel conn = (Channel) msg; // conn, addr = server.accept(): not yet on any worker loop
            backoff.succeeded();
            if (config.full(stats.active())) { // --max-connections: closed at once, the others go on
                String peer = String.valueOf(conn.remoteAddress());
                conn.unsafe().closeForcibly(); // not registered with a loop yet: close its socket directly
                stats.refused();
                log.log(Level.INFO, "refused {0}: already serving {1} connections (--max-connections)", peer,
                        config.maxConnections());
                return;
            }
            stats.accepted();
            log.log(Level.INFO, "accepted {0}", conn.remoteAddress());
            ctx.fireChannelRead(conn); // ServerBootstrap registers it with the next worker loop
        }

        /**
         * accept() failed (out of descriptors, say): the client waits in the backlog and the
         * listener stays ready, so the loop would be called back at once, for ever. Stop reading
         * the listener and read it again after {@link AcceptBackoff#RETRY}. (Netty's own ServerBootstrap
         * pauses a whole second and then logs a WARNING with a stack trace; this one does not pass
         * the failure on to it.)
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            backoff.failed(cause instanceof IOException e ? e : new IOException(cause));
            ChannelConfig listening = ctx.channel().config();
            if (listening.isAutoRead()) { // one retry at a time: an accept already under way may fail too
                listening.setAutoRead(false);
                ctx.executor().schedule(() -> listening.setAutoRead(true), AcceptBackoff.RETRY.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public Stats stats() {
        return stats.snapshot();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The transport it runs on. */
    public Transport transport() {
        return transport;
    }

    /**
     * Closes the listener and every connection (their handlers count them closed), then shuts both
     * groups down, which ends their threads. Netty's termination future completes a moment before
     * the threads have exited, so they are joined too.
     */
    @Override
    public synchronized void close() {
        if (boss == null || closed) {
            return;
        }
        closed = true;
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        // Every connection first, while the loops still run. (Left to the loops' own shutdown, an
        // io_uring connection with a write in flight, to a client that does not read, stays open.)
        if (connections != null) {
            connections.close().awaitUninterruptibly();
        }
        shutDown();
    }

    private void shutDown() {
        for (EventLoopGroup g : new EventLoopGroup[] {boss, workers}) {
            if (g != null) {
                g.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS); // no quiet period: stop now
            }
        }
        for (EventLoopGroup g : new EventLoopGroup[] {boss, workers}) {
            if (g != null) {
                g.terminationFuture().awaitUninterruptibly();
            }
        }
        tracker.joinAll();
    }
}
