package io.models.conformance;

import io.models.common.protocol.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A one-thread server with one classic mistake of the non-blocking chapters, as a process of its
 * own: {@code WrongLoops FLAW PORT} (it prints {@code listening on 127.0.0.1:PORT}). The checker
 * starts it ({@code --exec}), since what these mistakes cost shows in the process: its CPU while
 * idle, a core burnt while one client does not read, its death. Everything else it does right: one
 * buffer per connection, a reply kept until it is all written, a close at the end of the stream.
 */
public final class WrongLoops {

    /** The mistakes: each is one line away from the right loop. */
    enum Flaw {
        /** After a reply, OP_WRITE stays on: the selector returns at once, for ever. */
        OP_WRITE_LEFT_ON,
        /** {@code while (buf.hasRemaining()) ch.write(buf)} on a non-blocking socket: a spin, not a wait. */
        SPINS_ON_EAGAIN,
        /** A write that waits for the socket to take it all (the note's send(), which hopes it won't block). */
        BLOCKING_SEND,
        /** A reset ends the whole process (the note's 四 without except ConnectionResetError). */
        DIES_ON_RESET,
        /** read() == -1 ignored: the finished socket stays registered, readable for ever, never closed. */
        IGNORES_EOF,
        /** No selector and no sleep: every socket asked in turn, flat out (三 without time.sleep). */
        BUSY_POLLS,
        /** Accepted sockets left blocking in a polling loop (三 on Linux): one silent client holds up the loop. */
        ACCEPTED_BLOCKING
    }

    private WrongLoops() {
    }

    public static void main(String[] args) throws IOException {
        Flaw flaw = Flaw.valueOf(args[0]);
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 1024);
            System.out.println("listening on 127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort());
            if (flaw == Flaw.BUSY_POLLS || flaw == Flaw.ACCEPTED_BLOCKING) {
                poll(listener, flaw);
            } else {
                select(listener, flaw);
            }
        }
    }

    /** One connection: what it read, upper-cased, waiting to be written. */
    private static final class Conn {
        final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
    }

    private static void select(ServerSocketChannel listener, Flaw flaw) throws IOException {
        listener.configureBlocking(false);
        Selector selector = Selector.open();
        listener.register(selector, SelectionKey.OP_ACCEPT);
        while (true) {
            selector.select();
            for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                try {
                    if (key.isAcceptable()) {
                        SocketChannel c = listener.accept();
                        if (c != null) {
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, new Conn());
                        }
                    } else {
                        serve(key, flaw);
                    }
                } catch (IOException e) {
                    if (flaw == Flaw.DIES_ON_RESET) {
                        System.err.println("Traceback: " + e); // what an uncaught exception prints, then the end
                        System.exit(1);
                    }
                    key.cancel();
                    key.channel().close();
                }
            }
        }
    }

    private static void serve(SelectionKey key, Flaw flaw) throws IOException {
        SocketChannel c = (SocketChannel) key.channel();
        Conn conn = (Conn) key.attachment();
        if (key.isValid() && key.isWritable() && conn.out.position() > 0) {
            conn.out.flip();
            c.write(conn.out);
            conn.out.compact();
        }
        if (key.isValid() && key.isReadable() && conn.out.position() == 0) {
            int n = c.read(conn.out);
            if (n < 0) {
                if (flaw != Flaw.IGNORES_EOF) {
                    c.close();
                }
                return;
            }
            conn.out.flip();
            Protocol.upper(conn.out);
            conn.out.position(0);
            switch (flaw) {
                case SPINS_ON_EAGAIN -> {
                    while (conn.out.hasRemaining()) {
                        c.write(conn.out); // returns 0 while the socket is full: round and round
                    }
                }
                case BLOCKING_SEND -> {
                    try (Selector alone = Selector.open()) { // waits for this one socket: the only thread sleeps
                        c.register(alone, SelectionKey.OP_WRITE);
                        while (conn.out.hasRemaining()) {
                            alone.select();
                            alone.selectedKeys().clear();
                            c.write(conn.out);
                        }
                    }
                }
                default -> c.write(conn.out);
            }
            conn.out.compact();
        }
        if (key.isValid()) {
            boolean pending = conn.out.position() > 0;
            key.interestOps(flaw == Flaw.OP_WRITE_LEFT_ON ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                    : pending ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    /** No selector: the listener and every connection asked in turn. */
    private static void poll(ServerSocketChannel listener, Flaw flaw) throws IOException {
        listener.configureBlocking(false);
        List<SocketChannel> conns = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (true) {
            SocketChannel c = listener.accept();
            if (c != null) {
                c.configureBlocking(flaw == Flaw.ACCEPTED_BLOCKING); // the mistake, or the right thing
                conns.add(c);
            }
            for (Iterator<SocketChannel> it = conns.iterator(); it.hasNext(); ) {
                SocketChannel conn = it.next();
                buf.clear();
                int n;
                try {
                    n = conn.read(buf); // blocks on a silent client if the socket was left blocking
                } catch (IOException e) {
                    n = -1;
                }
                if (n < 0) {
                    conn.close();
                    it.remove();
                } else if (n > 0) {
                    buf.flip();
                    Protocol.upper(buf);
                    try {
                        while (buf.hasRemaining()) {
                            conn.write(buf); // small replies here: what 03 keeps per connection is not the point
                        }
                    } catch (IOException e) {
                        conn.close();
                        it.remove();
                    }
                }
            }
        }
    }
}
