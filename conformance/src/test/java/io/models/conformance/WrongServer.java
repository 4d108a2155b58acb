package io.models.conformance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small thread-per-connection server with one classic mistake in its handler, in this JVM:
 * the wrong answers a teacher sees, each to show which case of the checker catches it.
 */
final class WrongServer implements AutoCloseable {

    /** Serves one accepted connection on a thread of its own; whatever it leaves open is closed at the end. */
    @FunctionalInterface
    interface Handler {
        void serve(SocketChannel conn) throws IOException;
    }

    private final ServerSocketChannel server;
    private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();

    private WrongServer(Handler handler) throws IOException {
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        Thread.ofPlatform().daemon().name("wrong-server").start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel conn = server.accept();
                    accepted.add(conn);
                    Thread.ofPlatform().daemon().name("wrong-server-conn").start(() -> {
                        try {
                            handler.serve(conn);
                        } catch (IOException e) {
                            // the client went away: this fixture's mistakes are elsewhere
                        }
                    });
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    static WrongServer start(Handler handler) throws IOException {
        return new WrongServer(handler);
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    @Override
    public void close() throws IOException {
        server.close(); // ends the acceptor's accept()
        for (SocketChannel c : accepted) {
            c.close(); // ends every handler's read or write
        }
    }
}
