package io.models.common;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** Small socket helpers shared by the chapters. */
public final class Net {

    private Net() {
    }

    /** A listener bound as every chapter binds: SO_REUSEADDR (so a restart binds at once), backlog. */
    public static ServerSocketChannel listen(ServerConfig config) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(config.host(), config.port()), config.backlog());
            return listener;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** The bound port of a listener. */
    public static int port(NetworkChannel listener) {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("listener is closed", e);
        }
    }

    /** The remote address of a connection, for log lines ("/127.0.0.1:40412"). */
    public static String peer(NetworkChannel conn) {
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
