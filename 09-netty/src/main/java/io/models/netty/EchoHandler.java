package io.models.netty;

import io.models.common.connection.End;
import io.models.common.server.ServerContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * One connection's handler: socketserver's {@code BaseRequestHandler.handle()}, the only code the
 * note's framework asks us to write. Netty calls it on the connection's event loop thread when
 * bytes have arrived, in a buffer Netty read them into; it upper-cases them in place and writes the
 * same buffer back. Waiting, reading, writing what the kernel did not take: Netty's. It counts and
 * logs through the server's context, in the same words as every chapter's connections.
 *
 * <p>Backpressure: a write that the kernel does not take waits in Netty's outbound buffer. Past
 * {@link NettyModel#WATER_MARK}'s high mark the channel turns unwritable, and this handler stops
 * reading it ({@code autoRead} off) until it is writable again, so a client that sends and never
 * reads makes the server hold at most 1 MiB for it and TCP slows that client down.
 */
final class EchoHandler extends ChannelInboundHandlerAdapter {

    private final ServerContext server;
    private final String peer;
    private long pending; // bytes read and not yet written back (nor dropped)
    private End why; // how it ended, once known: EOF, IDLE, RESET or FAULT; SERVER if nothing else said
    private Throwable cause;

    EchoHandler(ServerContext server, String peer) {
        this.server = server;
        this.peer = peer;
    }

    /**
     * {@code data = conn.recv(1024); conn.send(data.upper())}. Both phases are over when this is
     * called: the bytes are in {@code msg}. On nio and epoll this loop's thread waited in
     * epoll_wait and copied them with read(2); on io_uring the kernel did both and posted a completion.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        int n = buf.readableBytes();
        server.counters().read(n);
        try {
            for (ByteBuffer bytes : buf.nioBuffers(buf.readerIndex(), n)) {
                server.config().transform().apply(bytes); // data.upper(), in place: views of buf's own memory
            }
        } catch (RuntimeException e) {
            buf.release();
            server.counters().dropped(n);
            throw e; // Netty hands it to exceptionCaught: this connection only
        }
        pending += n;
        ctx.write(buf).addListener((ChannelFutureListener) f -> settled(ctx, f, n)); // sent when flushed
    }

    /** Everything this wake-up read goes out at once: one write(2), or one submission to the ring. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    /**
     * A reply has gone (written) or never will (dropped: the connection closed first, or the peer
     * reset it; not the ClosedChannelException of writes failed by a close, which is no news).
     */
    private void settled(ChannelHandlerContext ctx, ChannelFuture write, int n) {
        pending -= n;
        if (write.isSuccess()) {
            server.counters().written(n);
        } else {
            server.counters().dropped(n);
            if (write.cause() instanceof IOException e && !(e instanceof ClosedChannelException)) {
                exceptionCaught(ctx, e); // the peer's end, seen by a write
            }
        }
    }

    /** Backpressure: read from this client only while its replies can be queued. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) { // if not data: the client half-closed
            why = End.EOF;
            // Writes go out in order: this empty one completes after every pending reply, then close.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (evt instanceof IdleStateEvent && pending == 0) {
            // Neither a read nor a finished write for the idle timeout. Replies still waiting for the
            // client to take them are not idleness: those connections stay (their bound is 1 MiB).
            why = End.IDLE;
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /**
     * A connection that did not end well: a reset or a broken pipe (an IOException from the
     * transport, on a read or a write) is a normal end; anything else was thrown by our own code, and
     * that connection only is closed. The first reason is the one counted and logged.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable failure) {
        if (why == null) {
            why = End.of(failure);
            cause = failure;
        }
        ctx.close();
    }

    /** However it ended, counted and logged once, in every chapter's words (what it still held is dropped by settled). */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.ended(peer, why == null ? End.SERVER : why, cause, 0);
        ctx.fireChannelInactive();
    }
}
