package io.models.netty;

import io.models.common.connection.AcceptBackoff;
import io.models.common.connection.Connection;
import io.models.common.server.Model;
import io.models.common.server.ServerConfig;
import io.models.common.server.ServerContext;
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
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 八、总结 socketserver, in Java: we write the handler ({@link EchoHandler}, socketserver's
 * {@code BaseRequestHandler.handle}), Netty drives the connections ({@code ThreadingTCPServer}'s
 * job). One event loop group of {@code --threads} loops serves every connection; a group of one
 * loop accepts them, as Netty's own EchoServer example does. The same handler runs on three
 * transports ({@link Transport}): the JDK's Selector, Netty's epoll, or io_uring.
 *
 * <p>Netty binds its own listener, so this model tells the server its port; everything it starts
 * is registered with the {@link ServerContext}, which stops it in the reverse order: the listener,
 * every connection, then the groups and their threads. Everything a connection needs lives in its
 * handler and runs on its one event loop thread, so nothing in it is shared or locked.
 *
 */
public final class NettyModel extends Model {

    static final String NAME = "09-netty";

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
    /** How long a group's shutdown may take to finish what its loops have queued. */
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

    private final Transport transport;
    private final int threads;
    private ServerContext server;

    /**
     * @param transport how the event loops wait and copy: one that is available here
     * @param threads   event loops that serve the connections ({@code --threads}); one more accepts them
     */
    public NettyModel(Transport transport, int threads) {
        super(NAME);
        this.transport = transport;
        this.threads = threads;
    }

    /** The transport it runs on. */
    public Transport transport() {
        return transport;
    }

    @Override
    public void start(ServerContext server) throws IOException {
        this.server = server;
        ServerConfig config = server.config();
        // Configure the server: a loop that accepts, loops that serve, the handler for each connection.
        EventLoopGroup boss = group(server, "-boss-", 1);
        EventLoopGroup workers = group(server, "-worker-", threads);
        // Every loop's thread runs from now, not at its first client.
        workers.forEach(loop -> loop.submit(() -> { }).syncUninterruptibly());
        // Every connection is closed before the groups shut down, while the loops still run. (Left to
        // the loops' own shutdown, an io_uring connection with a write in flight, to a client that
        // does not read, stays open.)
        ChannelGroup connections = new DefaultChannelGroup(NAME, boss.next()); // its futures complete on the boss loop
        server.onClose(() -> connections.close().awaitUninterruptibly());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel)
                .option(ChannelOption.SO_REUSEADDR, true) // a restart binds the port again at once
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .handler(new AcceptHandler())
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
                        ch.pipeline().addLast(new EchoHandler(server, String.valueOf(ch.remoteAddress())));
                        connections.add(ch);
                    }
                });
        // Start the server.
        ChannelFuture bound = b.bind(config.host(), config.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw bindFailed(bound.cause());
        }
        Channel listener = bound.channel();
        server.onClose(() -> listener.close().awaitUninterruptibly()); // registered last: closed first
        server.listening(() -> ((InetSocketAddress) listener.localAddress()).getPort());
    }

    /**
     * A group of {@code loops} event loops on this transport, on FastThreadLocalThreads (as Netty
     * prefers) named {@code 09-netty-boss-1}, {@code 09-netty-worker-1}, ...: when the server stops,
     * the group is shut down with no quiet period, then its threads are joined (Netty's
     * {@code terminationFuture} completes a moment before they have exited).
     */
    private EventLoopGroup group(ServerContext server, String role, int loops) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory named = server.threads(task -> new FastThreadLocalThread(task, NAME + role + n.incrementAndGet()));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, named, transport.ioHandlerFactory.get());
        server.onClose(() -> group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        return group;
    }

    /** Netty's native transports report EADDRINUSE as their own IOException: say it as the JDK does. */
    private static IOException bindFailed(Throwable cause) {
        if (cause instanceof Errors.NativeIoException e && Math.abs(e.expectedErr()) == LINUX_EADDRINUSE) {
            return (IOException) new BindException("Address already in use").initCause(cause);
        }
        return cause instanceof IOException e ? e : new IOException(cause);
    }

    /**
     * The listener's handler, on the boss loop: it sees each accepted connection before Netty's
     * ServerBootstrap hands it to a worker loop, and each failed accept.
     */
    private final class AcceptHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel conn = (Channel) msg; // conn, addr = server.accept(): not yet on any worker loop
            server.backoff().succeeded();
            // --max-connections: a refused one is not registered with a loop yet, so its socket is closed directly
            if (server.admit(String.valueOf(conn.remoteAddress()), () -> conn.unsafe().closeForcibly())) {
                ctx.fireChannelRead(conn); // ServerBootstrap registers it with the next worker loop
            }
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
            server.backoff().failed("accept", cause);
            ChannelConfig listening = ctx.channel().config();
            if (listening.isAutoRead()) { // one retry at a time: an accept already under way may fail too
                listening.setAutoRead(false);
                ctx.executor().schedule(() -> listening.setAutoRead(true), AcceptBackoff.RETRY.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }
}
